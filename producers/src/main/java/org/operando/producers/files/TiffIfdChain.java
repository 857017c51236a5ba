package org.operando.producers.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Walks a TIFF's chain of image file directories (TIFF 6.0 section 2; BigTIFF: 8-byte counts and offsets) to tell
 * whether it ends as it should, with a zero next-IFD offset. ImageIO readers stop quietly at a directory beyond the
 * end of the file, so a stack cut short while it was copied or written would otherwise pass for a shorter one.
 *
 * @param directories directories found complete in the file
 * @param brokenAt    offset of the first directory that lies (partly) beyond the end of the file, or -1 when the chain
 *                    ends with a zero offset
 */
record TiffIfdChain(int directories, long brokenAt) {
    private static final int MAX_DIRECTORIES = 10_000_000;

    static TiffIfdChain walk(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = read(ch, 0, 16);
            ByteOrder order = head.get(0) == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            head.order(order);
            boolean big = head.getShort(2) == 43;
            long next = big ? head.getLong(8) : head.getInt(4) & 0xFFFFFFFFL;
            int count = 0;
            while (next != 0 && count < MAX_DIRECTORIES) {
                int countBytes = big ? 8 : 2;
                if (next + countBytes > size) {
                    return new TiffIfdChain(count, next);
                }
                ByteBuffer n = read(ch, next, countBytes).order(order);
                long entries = big ? n.getLong(0) : n.getShort(0) & 0xFFFF;
                long pointerAt = next + countBytes + entries * (big ? 20 : 12);
                int pointerBytes = big ? 8 : 4;
                if (pointerAt + pointerBytes > size) {
                    return new TiffIfdChain(count, next);
                }
                ByteBuffer p = read(ch, pointerAt, pointerBytes).order(order);
                count++;
                next = big ? p.getLong(0) : p.getInt(0) & 0xFFFFFFFFL;
            }
            return new TiffIfdChain(count, -1);
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    boolean complete() {
        return brokenAt < 0;
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining() && ch.read(b, position + b.position()) >= 0) {
            // keep reading
        }
        return b.flip();
    }
}
