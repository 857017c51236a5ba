package org.operando.ops.export.nexus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Compressed chunks of one dataset parked in a temporary file until the HDF5 file is written: jhdf writes a whole
 * file at {@code close()}, so a long run's frames wait here rather than on the heap. Chunks may arrive in any order;
 * a chunk put twice keeps the last copy. The heap holds 12 bytes per chunk (offset and size).
 */
final class ChunkSpool implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private long[] offsets = new long[64];
    private int[] sizes = new int[64];
    private long end;
    private long chunks;

    private ChunkSpool(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Arrays.fill(offsets, -1);
    }

    /** A new, empty spool in {@code file} (which must not exist); the file is deleted on {@link #close()}. */
    static ChunkSpool create(Path file) {
        try {
            return new ChunkSpool(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create spool file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Stores the compressed bytes of chunk {@code index}. */
    void put(long index, byte[] compressed) {
        if (index < 0 || index > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Chunk index must be in [0, 2^31 - 8). Got " + index);
        }
        int i = (int) index;
        if (i >= offsets.length) {
            int n = Math.max(offsets.length * 2, i + 1);
            int old = offsets.length;
            offsets = Arrays.copyOf(offsets, n);
            sizes = Arrays.copyOf(sizes, n);
            Arrays.fill(offsets, old, n, -1);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(compressed);
            long at = end;
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to spool file " + file + ": " + e.getMessage(), e);
        }
        offsets[i] = end;
        sizes[i] = compressed.length;
        end += compressed.length;
        chunks = Math.max(chunks, index + 1);
    }

    /** One more than the highest chunk index put. */
    long chunks() {
        return chunks;
    }

    boolean has(long index) {
        return index >= 0 && index < offsets.length && offsets[(int) index] >= 0;
    }

    /** Compressed size of chunk {@code index}; it must be present. */
    int size(long index) {
        requirePresent(index);
        return sizes[(int) index];
    }

    /** The compressed bytes of chunk {@code index}, which must be present. */
    ByteBuffer read(long index) {
        requirePresent(index);
        ByteBuffer b = ByteBuffer.allocate(sizes[(int) index]);
        long at = offsets[(int) index];
        try {
            while (b.hasRemaining()) {
                int n = channel.read(b, at + b.position());
                if (n < 0) {
                    throw new IllegalStateException("Spool file " + file + " ends inside chunk " + index);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read chunk " + index + " from spool " + file + ": " + e.getMessage(), e);
        }
        return b.flip();
    }

    /** Bytes spooled, including chunks later replaced. */
    long bytes() {
        return end;
    }

    private void requirePresent(long index) {
        if (!has(index)) {
            throw new IllegalArgumentException("Chunk " + index + " was never put into spool " + file);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete spool file " + file + ": " + e.getMessage(), e);
        }
    }
}
