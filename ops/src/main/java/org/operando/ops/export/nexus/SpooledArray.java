package org.operando.ops.export.nexus;

import io.jhdf.api.WritableGroup;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.operando.ops.export.Zlib;

/**
 * A dataset being gathered for a NeXus file without holding it: either a stack of frames (one frame per chunk, put
 * by index in any order) or a 1-D series of numbers appended in order and cut into fixed-size chunks. Chunks are
 * compressed as they complete and parked in a {@link ChunkSpool}; {@link #attach} adds the {@link SpooledDataset}
 * that copies them into the file when jhdf writes it. The heap holds one chunk being filled.
 */
final class SpooledArray implements AutoCloseable {
    private final ChunkSpool spool;
    private final SpooledDataset.Element element;
    private final long[] rowShape;
    private final int rowsPerChunk;
    private final int level;
    private final Zlib zlib;
    private final ByteBuffer pending;
    private long rows;

    private SpooledArray(Path spoolFile, SpooledDataset.Element element, long[] rowShape, int rowsPerChunk, int level) {
        this.spool = ChunkSpool.create(spoolFile);
        this.element = element;
        this.rowShape = rowShape.clone();
        this.rowsPerChunk = rowsPerChunk;
        this.level = level;
        this.zlib = new Zlib(level);
        this.pending = rowsPerChunk == 1 ? null
                : ByteBuffer.allocate(Math.multiplyExact(rowsPerChunk, rowBytes())).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A (t, height, width) stack, one frame per chunk. */
    static SpooledArray frames(Path spoolFile, SpooledDataset.Element element, int height, int width, int level) {
        return new SpooledArray(spoolFile, element, new long[] {height, width}, 1, level);
    }

    /** A 1-D series cut into chunks of {@code chunkLength} values. */
    static SpooledArray series(Path spoolFile, SpooledDataset.Element element, int chunkLength, int level) {
        if (element != SpooledDataset.Element.F64 && element != SpooledDataset.Element.I64) {
            throw new IllegalArgumentException("A series holds F64 or I64 values. Got " + element);
        }
        return new SpooledArray(spoolFile, element, new long[0], chunkLength, level);
    }

    private int rowBytes() {
        long n = element.bytes;
        for (long d : rowShape) {
            n = Math.multiplyExact(n, d);
        }
        return Math.toIntExact(n);
    }

    /** Frame {@code index} as raw little-endian element bytes. */
    void putFrame(long index, byte[] raw) {
        putCompressedFrame(index, zlib.compress(raw));
    }

    /** Frame {@code index} as a zlib stream of its raw little-endian element bytes (e.g. a frame already deflated). */
    void putCompressedFrame(long index, byte[] compressed) {
        if (pending != null) {
            throw new IllegalStateException("putFrame on a series; use append");
        }
        spool.put(index, compressed);
        rows = Math.max(rows, index + 1);
    }

    void append(double value) {
        pending.putDouble(value);
        appended();
    }

    void append(long value) {
        pending.putLong(value);
        appended();
    }

    private void appended() {
        rows++;
        if (!pending.hasRemaining()) {
            flushPending();
        }
    }

    private void flushPending() {
        spool.put((rows - 1) / rowsPerChunk, zlib.compress(pending.array(), 0, pending.capacity()));
        pending.clear();
        Arrays.fill(pending.array(), (byte) 0);
    }

    long rows() {
        return rows;
    }

    /** Compressed bytes so far. */
    long compressedBytes() {
        return spool.bytes();
    }

    /**
     * Adds the dataset to {@code group} under {@code name}; nothing may be added afterwards. A stack with no frames, or
     * a series with no values, is not added (HDF5 chunked datasets need at least one row): returns null then.
     */
    SpooledDataset attach(WritableGroup group, String name) {
        if (rows == 0) {
            return null;
        }
        int chunkRows = (int) Math.min(rowsPerChunk, rows);
        if (pending != null && rows < rowsPerChunk) {
            // a single chunk no longer than the series: HDF5 refuses chunks larger than a fixed dimension
            spool.put(0, zlib.compress(pending.array(), 0, pending.position()));
            pending.clear();
        } else if (pending != null && pending.position() > 0) {
            flushPending(); // edge chunk, zero-padded as HDF5 stores it
        }
        long[] dims = new long[rowShape.length + 1];
        dims[0] = rows;
        System.arraycopy(rowShape, 0, dims, 1, rowShape.length);
        byte[] missing = zlib.compress(new byte[Math.multiplyExact(chunkRows, rowBytes())]);
        SpooledDataset dataset = new SpooledDataset(group, name, element, dims, chunkRows, level, spool, missing);
        group.putDataset(name, dataset);
        return dataset;
    }

    @Override
    public void close() {
        zlib.close();
        spool.close();
    }
}
