package org.operando.ops.export.nexus;

import io.jhdf.AbstractWritableNode;
import io.jhdf.Constants;
import io.jhdf.HdfFile;
import io.jhdf.ObjectHeader;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.NodeType;
import io.jhdf.api.WritableDataset;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.indexing.ChunkImpl;
import io.jhdf.dataset.chunked.indexing.FixedArrayIndexWriter;
import io.jhdf.filter.DeflatePipelineFilter;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.message.AttributeInfoMessage;
import io.jhdf.object.message.AttributeMessage;
import io.jhdf.object.message.DataLayout;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.DataLayoutMessage.ChunkedDataLayoutMessageV4;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.FilterPipelineMessage;
import io.jhdf.object.message.FilterPipelineMessage.FilterInfo;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;
import java.io.File;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A chunked, deflate-compressed HDF5 dataset whose chunks come from a {@link ChunkSpool} when jhdf writes the file,
 * one chunk at a time, so the dataset is never whole on the heap. jhdf's own {@code WritableDatasetImpl} encodes a
 * whole Java array at once; this node writes the same structures (object header v2 with datatype, dataspace, fill
 * value, filter pipeline and a version-4 chunked layout indexed by a fixed array) with jhdf's public message
 * classes, and is added to a group with {@code putDataset(name, node)}, which jhdf accepts for a ready-made
 * {@link WritableDataset}.
 *
 * <p>Chunks tile dimension 0 only: chunk {@code i} holds rows {@code [i c0, (i + 1) c0)} and all of the other
 * dimensions, as a zlib (RFC 1950) stream of the little-endian element bytes, full size even at the edge (HDF5 edge
 * chunks are padded). A chunk index never put is written as {@code missingChunk}.
 */
public final class SpooledDataset extends AbstractWritableNode implements WritableDataset {
    /** Element types this node writes, with the Java array class jhdf derives the HDF5 datatype from. */
    public enum Element {
        U8(byte.class, true, 1), U16(short.class, true, 2), I64(long.class, false, 8), F32(float.class, false, 4),
        F64(double.class, false, 8);

        final Class<?> component;
        final boolean unsigned;
        public final int bytes;

        Element(Class<?> component, boolean unsigned, int bytes) {
            this.component = component;
            this.unsigned = unsigned;
            this.bytes = bytes;
        }
    }

    private final DataType dataType;
    private final DataSpace dataSpace;
    private final long[] dims;
    private final int[] chunkDims;
    private final int deflateLevel;
    private final ChunkSpool spool;
    private final byte[] missingChunk;
    private long storageBytes = -1;

    SpooledDataset(Group parent, String name, Element element, long[] dims, int rowsPerChunk, int deflateLevel, ChunkSpool spool,
                   byte[] missingChunk) {
        super(parent, name);
        if (dims.length == 0 || dims[0] < 1 || rowsPerChunk < 1 || rowsPerChunk > dims[0]) {
            throw new IllegalArgumentException("A spooled dataset needs rank >= 1, at least one row and 1 <= rows per chunk <= rows. Got dims "
                    + Arrays.toString(dims) + ", rows per chunk " + rowsPerChunk);
        }
        this.dims = dims.clone();
        this.chunkDims = new int[dims.length];
        chunkDims[0] = rowsPerChunk;
        for (int i = 1; i < dims.length; i++) {
            chunkDims[i] = Math.toIntExact(dims[i]);
        }
        int[] ones = new int[dims.length];
        Arrays.fill(ones, 1);
        Object shapeProbe = Array.newInstance(element.component, ones);
        this.dataType = DataType.fromObject(shapeProbe, element.unsigned);
        this.dataSpace = DataSpace.modifyDimensions(DataSpace.fromObject(shapeProbe), dims);
        this.deflateLevel = deflateLevel;
        this.spool = spool;
        this.missingChunk = missingChunk.clone();
    }

    /** Number of chunks: ceil(rows / rows per chunk). */
    public long totalChunks() {
        return (dims[0] + chunkDims[0] - 1) / chunkDims[0];
    }

    private int unfilteredChunkBytes() {
        long n = dataType.getSize();
        for (int d : chunkDims) {
            n = Math.multiplyExact(n, d);
        }
        return Math.toIntExact(n);
    }

    @Override
    public long write(HdfFileChannel channel, long position) {
        List<FilterInfo> filters = List.of(new FilterInfo(DeflatePipelineFilter.ID, "deflate", false, new int[] {deflateLevel}));
        int[] layoutDims = Arrays.copyOf(chunkDims, chunkDims.length + 1);
        layoutDims[chunkDims.length] = dataType.getSize(); // the layout message's chunk dims end with the element size
        long n = totalChunks();
        int pageBits = Math.max(10, 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1)));
        List<Message> messages = new ArrayList<>();
        messages.add(DataTypeMessage.create(dataType));
        messages.add(DataSpaceMessage.create(dataSpace));
        messages.add(FillValueMessage.NO_FILL);
        messages.add(FilterPipelineMessage.create(filters));
        DataLayoutMessage placeholder = n == 1
                ? ChunkedDataLayoutMessageV4.createFilteredSingleChunk(Constants.UNDEFINED_ADDRESS, layoutDims, 0)
                : ChunkedDataLayoutMessageV4.createFixedArray(Constants.UNDEFINED_ADDRESS, layoutDims, pageBits);
        messages.add(placeholder);
        if (!getAttributes().isEmpty()) {
            messages.add(AttributeInfoMessage.create());
            for (Map.Entry<String, Attribute> a : getAttributes().entrySet()) {
                messages.add(AttributeMessage.create(a.getKey(), a.getValue()));
            }
        }
        int headerSize = new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();

        long address = position + headerSize;
        List<Chunk> chunks = new ArrayList<>((int) Math.min(n, Integer.MAX_VALUE));
        for (long i = 0; i < n; i++) {
            ByteBuffer bytes = spool.has(i) ? spool.read(i) : ByteBuffer.wrap(missingChunk);
            int size = bytes.remaining();
            writeFully(channel, bytes, address);
            long[] offset = new long[dims.length];
            offset[0] = i * chunkDims[0];
            chunks.add(new ChunkImpl(address, size, offset));
            address += size;
        }
        storageBytes = address - position - headerSize;
        DataLayoutMessage layout;
        long end = address;
        if (n == 1) {
            layout = ChunkedDataLayoutMessageV4.createFilteredSingleChunk(chunks.get(0).getAddress(), layoutDims, chunks.get(0).getSize());
        } else {
            ByteBuffer index = FixedArrayIndexWriter.createFixedArray(chunks, address, unfilteredChunkBytes(), true, pageBits);
            end = address + index.limit();
            writeFully(channel, index, address);
            layout = ChunkedDataLayoutMessageV4.createFixedArray(address, layoutDims, pageBits);
        }
        messages.set(messages.indexOf(placeholder), layout);
        channel.write(new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer(), position);
        channel.position(end);
        return end;
    }

    private static void writeFully(HdfFileChannel channel, ByteBuffer buffer, long address) {
        while (buffer.hasRemaining()) {
            address += channel.write(buffer, address);
        }
    }

    @Override
    public long getSize() {
        return dataSpace.getTotalLength();
    }

    @Override
    public long getSizeInBytes() {
        return getSize() * dataType.getSize();
    }

    @Override
    public long getStorageInBytes() {
        return storageBytes >= 0 ? storageBytes : spool.bytes();
    }

    @Override
    public int[] getDimensions() {
        return dataSpace.getDimensions();
    }

    @Override
    public long[] getDimensionsAsLong() {
        return dims.clone();
    }

    @Override
    public boolean isScalar() {
        return false;
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public boolean isCompound() {
        return false;
    }

    @Override
    public boolean isVariableLength() {
        return false;
    }

    @Override
    public long[] getMaxSize() {
        return dims.clone();
    }

    @Override
    public DataLayout getDataLayout() {
        return DataLayout.CHUNKED;
    }

    @Override
    public Object getData() {
        throw new UnsupportedOperationException("A spooled dataset's data are on disk until the file is written");
    }

    @Override
    public Object getDataFlat() {
        return getData();
    }

    @Override
    public Object getData(long[] sliceOffset, int[] sliceDimensions) {
        return getData();
    }

    @Override
    public Class<?> getJavaType() {
        return dataType.getJavaType();
    }

    @Override
    public DataType getDataType() {
        return dataType;
    }

    @Override
    public Object getFillValue() {
        return null;
    }

    @Override
    public List<PipelineFilterWithData> getFilters() {
        return List.of();
    }

    @Override
    public NodeType getType() {
        return NodeType.DATASET;
    }

    @Override
    public boolean isGroup() {
        return false;
    }

    @Override
    public File getFile() {
        return getParent().getFile();
    }

    @Override
    public Path getFileAsPath() {
        return getParent().getFileAsPath();
    }

    @Override
    public HdfFile getHdfFile() {
        return getParent().getHdfFile();
    }

    @Override
    public long getAddress() {
        throw new UnsupportedOperationException("Address not known until written");
    }

    @Override
    public boolean isLink() {
        return false;
    }

    @Override
    public boolean isAttributeCreationOrderTracked() {
        return false;
    }
}
