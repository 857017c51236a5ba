package org.operando.ops.export.zarr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.operando.ops.export.Zlib;

/**
 * A Zarr v2 directory store, as the Zarr v2 specification lays it out: {@code .zgroup} and {@code .zattrs} JSON per
 * group, {@code .zarray} JSON per array, and one file per chunk, named by the chunk's indices joined with {@code /}
 * ({@code dimension_separator "/"}, as NGFF 0.4 asks). Chunks are zlib streams ({@code "compressor": {"id": "zlib"}},
 * numcodecs' {@code Zlib}) of the C-order little-endian element bytes, full size even at an array's edge.
 */
public final class ZarrStore implements AutoCloseable {
    /** Element types, with their Zarr v2 {@code dtype} string. */
    public enum Dtype {
        U1("|u1", 1), U2("<u2", 2), F4("<f4", 4), F8("<f8", 8), I8("<i8", 8);

        public final String code;
        public final int bytes;

        Dtype(String code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path root;
    private final int level;
    private final Zlib zlib;
    private long bytesWritten;
    private final java.util.Set<Path> directories = new java.util.HashSet<>();

    /** A new store at {@code root}, which must not exist yet. */
    public ZarrStore(Path root, int level) {
        if (Files.exists(root)) {
            throw new IllegalArgumentException("Output " + root + " already exists; choose a new directory or remove it");
        }
        this.root = root;
        this.level = level;
        this.zlib = new Zlib(level);
        group("", Map.of());
    }

    public Path root() {
        return root;
    }

    /** Bytes of chunk and metadata files written so far. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Creates a group at {@code path} ("" is the root) with {@code attrs} (none written when empty). */
    public void group(String path, Map<String, ?> attrs) {
        parents(path);
        writeJson(path, ".zgroup", Map.of("zarr_format", 2));
        if (!attrs.isEmpty()) {
            attrs(path, attrs);
        }
    }

    /** (Re)writes the attributes of the group or array at {@code path}. */
    public void attrs(String path, Map<String, ?> attrs) {
        writeJson(path, ".zattrs", attrs);
    }

    /** Writes {@code .zarray} for an array of {@code shape}, cut into {@code chunks}; chunks are put separately. */
    public void arrayMetadata(String path, Dtype dtype, long[] shape, int[] chunks) {
        if (shape.length != chunks.length) {
            throw new IllegalArgumentException("Array " + path + ": shape and chunks must have the same rank. Got " + shape.length
                    + " and " + chunks.length);
        }
        parents(path);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("zarr_format", 2);
        meta.put("shape", shape);
        meta.put("chunks", chunks);
        meta.put("dtype", dtype.code);
        meta.put("compressor", Map.of("id", "zlib", "level", level));
        meta.put("fill_value", 0);
        meta.put("order", "C");
        meta.put("filters", null);
        meta.put("dimension_separator", "/");
        writeJson(path, ".zarray", meta);
    }

    /** Writes one chunk of raw little-endian element bytes (compressed here). */
    public void chunk(String path, long[] index, byte[] raw) {
        compressedChunk(path, index, zlib.compress(raw));
    }

    /** Writes one chunk that is already a zlib stream of its raw bytes. */
    public void compressedChunk(String path, long[] index, byte[] zlibBytes) {
        StringBuilder name = new StringBuilder();
        for (long i : index) {
            name.append(name.length() == 0 ? "" : "/").append(i);
        }
        write(resolve(path).resolve(name.toString()), zlibBytes);
    }

    /** A whole small array of doubles in one chunk; {@code shape} multiplies out to {@code values.length}. */
    public void array(String path, double[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        whole(path, Dtype.F8, b.array(), values.length, shape);
    }

    /** A whole small array of longs in one chunk; {@code shape} multiplies out to {@code values.length}. */
    public void array(String path, long[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        whole(path, Dtype.I8, b.array(), values.length, shape);
    }

    private void whole(String path, Dtype dtype, byte[] raw, int n, long[] shape) {
        long[] s = shape.length == 0 ? new long[] {n} : shape;
        long product = 1;
        for (long d : s) {
            product *= d;
        }
        if (product != n) {
            throw new IllegalArgumentException("Array " + path + ": shape multiplies out to " + product + " but there are " + n + " values");
        }
        int[] chunks = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            chunks[i] = (int) Math.max(1, s[i]);
        }
        arrayMetadata(path, dtype, s, chunks);
        if (n > 0) {
            chunk(path, new long[s.length], raw);
        }
    }

    /** A 1-D array appended value by value, cut into chunks of {@code chunkLength}; {@link Series#close()} ends it. */
    public Series series(String path, Dtype dtype, int chunkLength) {
        if (dtype != Dtype.F8 && dtype != Dtype.I8) {
            throw new IllegalArgumentException("A series holds F8 or I8 values. Got " + dtype);
        }
        return new Series(path, dtype, chunkLength);
    }

    /** See {@link #series}. */
    public final class Series implements AutoCloseable {
        private final String path;
        private final Dtype dtype;
        private final int chunkLength;
        private final ByteBuffer pending;
        private long length;

        private Series(String path, Dtype dtype, int chunkLength) {
            this.path = path;
            this.dtype = dtype;
            this.chunkLength = chunkLength;
            this.pending = ByteBuffer.allocate(chunkLength * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        public void append(double v) {
            pending.putDouble(v);
            appended();
        }

        public void append(long v) {
            pending.putLong(v);
            appended();
        }

        private void appended() {
            length++;
            if (!pending.hasRemaining()) {
                flush();
            }
        }

        private void flush() {
            chunk(path, new long[] {(length - 1) / chunkLength}, pending.array());
            pending.clear();
            java.util.Arrays.fill(pending.array(), (byte) 0);
        }

        public long length() {
            return length;
        }

        /** Writes the last (zero-padded) chunk and the array's metadata. */
        @Override
        public void close() {
            if (pending.position() > 0) {
                flush();
            }
            arrayMetadata(path, dtype, new long[] {length}, new int[] {chunkLength});
        }
    }

    /** Makes every ancestor of {@code path} a group, as readers walk the hierarchy through {@code .zgroup} files. */
    private void parents(String path) {
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            return;
        }
        String parent = path.substring(0, slash);
        if (!Files.exists(resolve(parent).resolve(".zgroup"))) {
            group(parent, Map.of());
        }
    }

    private Path resolve(String path) {
        return path.isEmpty() ? root : root.resolve(path);
    }

    private void writeJson(String path, String file, Object value) {
        try {
            write(resolve(path).resolve(file), JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + file + " of " + path + ": " + e.getMessage(), e);
        }
    }

    private void write(Path file, byte[] bytes) {
        try {
            if (directories.add(file.getParent())) {
                Files.createDirectories(file.getParent()); // once per directory: a chunk per frame would stat each level
            }
            Files.write(file, bytes);
            bytesWritten += bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        zlib.close();
    }
}
