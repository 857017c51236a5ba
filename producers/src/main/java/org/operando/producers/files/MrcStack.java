package org.operando.producers.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.operando.schema.PixelType;

/**
 * An MRC/MRCS file (MRC2014, Cheng et al. 2015, J. Struct. Biol. 192:146; the format of SerialEM, IMOD, RELION and
 * most EM packages) read as a stack of sections. The 1024-byte header gives NX, NY, NZ (words 1-3), MODE (word 4),
 * MX (word 8), CELLA x (word 11, Å), NSYMBT (word 24: bytes of extended header that follow the header and are skipped
 * here, whatever EXTTYPE says), the "MAP " tag (word 53) and the machine stamp (word 54: 0x44 0x44 little-endian,
 * 0x11 0x11 big-endian). The pixel size is CELLA x / MX, in Å, when both are positive.
 *
 * <p>Modes read: 0 (8-bit signed, or unsigned when IMOD's stamp is present without its signed flag), 1 (16-bit signed),
 * 2 (32-bit float), 6 (16-bit unsigned). Signed modes come out as F32 (exactly), mode 0 unsigned as U8, mode 6 as
 * U16, mode 2 as F32. Rows are in file order (MRC's y = 0 first).
 */
public final class MrcStack implements ImageStack {
    static final int HEADER_BYTES = 1024;
    private static final int IMOD_STAMP = 1146047817;

    private final Path file;
    private final FileChannel channel;
    private final ByteOrder order;
    private final int nx;
    private final int ny;
    private final int mode;
    private final boolean unsignedBytes;
    private final long dataStart;
    private final Double pixelSizeNm;
    private int nz;
    private int complete;

    private MrcStack(Path file, FileChannel channel, ByteBuffer header) {
        this.file = file;
        this.channel = channel;
        this.order = byteOrder(header);
        header.order(order);
        this.nx = header.getInt(0);
        this.ny = header.getInt(4);
        this.nz = header.getInt(8);
        this.mode = header.getInt(12);
        int nsymbt = header.getInt(92);
        if (nx <= 0 || ny <= 0 || nz < 0 || nx > 65_536 || ny > 65_536) {
            throw new BadFileException(file, "MRC header has NX=" + nx + " NY=" + ny + " NZ=" + nz
                    + "; expected positive sizes (is it an MRC file?)");
        }
        if (mode != 0 && mode != 1 && mode != 2 && mode != 6) {
            throw new BadFileException(file, "MRC mode " + mode + " is not supported; expected 0 (int8), 1 (int16), 2 (float32) or 6 (uint16)");
        }
        if (nsymbt < 0) {
            throw new BadFileException(file, "MRC header has NSYMBT=" + nsymbt + "; expected the extended header size in bytes, >= 0");
        }
        this.unsignedBytes = mode == 0 && header.getInt(152) == IMOD_STAMP && (header.getInt(156) & 1) == 0;
        this.dataStart = HEADER_BYTES + (long) nsymbt;
        int mx = header.getInt(28);
        float cellaX = header.getFloat(40);
        this.pixelSizeNm = mx > 0 && cellaX > 0 && Float.isFinite(cellaX) ? cellaX / mx / 10.0 : null;
    }

    /**
     * Opens an MRC file and checks its header and that it holds every section the header promises.
     *
     * @throws BadFileException when the header is not MRC, the mode unsupported, or the file shorter than its header says
     */
    public static MrcStack open(Path file) {
        MrcStack stack = openGrowing(file);
        long expected = stack.dataStart + (long) stack.nz * stack.planeBytes();
        long size = stack.size();
        if (size < expected) {
            stack.close();
            throw new BadFileException(file, "truncated MRC: the header promises " + stack.nz + " sections of " + stack.nx + "x"
                    + stack.ny + " mode " + stack.mode + " (" + expected + " bytes), the file has " + size + " bytes ("
                    + stack.complete + " complete sections)");
        }
        return stack;
    }

    /** Opens an MRC file that may still be written: only its header must be complete; planes are counted as they come. */
    public static MrcStack openGrowing(Path file) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            if (channel.size() < HEADER_BYTES) {
                throw new BadFileException(file, "too short for an MRC file: " + channel.size() + " bytes, the header alone is "
                        + HEADER_BYTES);
            }
            MrcStack stack = new MrcStack(file, channel, read(channel, 0, HEADER_BYTES, file));
            stack.refresh();
            return stack;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new BadFileException(file, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The machine stamp says the byte order; files without one (before MRC2014) are taken as the order that makes MODE sensible. */
    private static ByteOrder byteOrder(ByteBuffer header) {
        int stamp = header.get(212) & 0xFF;
        if (stamp == 0x44) {
            return ByteOrder.LITTLE_ENDIAN;
        } else if (stamp == 0x11) {
            return ByteOrder.BIG_ENDIAN;
        }
        int modeLe = header.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        return modeLe >= 0 && modeLe < 256 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    /** The EXTTYPE of the extended header (e.g. FEI1, SERI, CCP4), or blank. */
    public String extendedHeaderType() {
        ByteBuffer header = read(channel, 0, HEADER_BYTES, file);
        byte[] tag = new byte[4];
        header.get(104, tag);
        return new String(tag, StandardCharsets.US_ASCII).trim();
    }

    /** Bytes of extended header skipped before the first section. */
    public long extendedHeaderBytes() {
        return dataStart - HEADER_BYTES;
    }

    public int mode() {
        return mode;
    }

    @Override
    public int width() {
        return nx;
    }

    @Override
    public int height() {
        return ny;
    }

    @Override
    public PixelType pixelType() {
        return switch (mode) {
            case 6 -> PixelType.U16;
            case 0 -> unsignedBytes ? PixelType.U8 : PixelType.F32;
            default -> PixelType.F32;
        };
    }

    @Override
    public int planes() {
        return complete;
    }

    @Override
    public Double pixelSizeNm() {
        return pixelSizeNm;
    }

    @Override
    public PlaneTime time(int index) {
        return PlaneTime.UNKNOWN;
    }

    @Override
    public byte[] plane(int index) {
        if (index < 0 || index >= complete) {
            throw new IndexOutOfBoundsException("Section " + index + " of " + file + "; it holds " + complete);
        }
        ByteBuffer in = read(channel, dataStart + (long) index * planeBytes(), planeBytes(), file).order(order);
        int n = nx * ny;
        ByteBuffer out = ByteBuffer.allocate(n * org.operando.schemas.Validation.bytesPerPixel(pixelType())).order(ByteOrder.LITTLE_ENDIAN);
        switch (mode) {
            case 0 -> {
                if (unsignedBytes) {
                    out.put(in);
                } else {
                    for (int i = 0; i < n; i++) {
                        out.putFloat(in.get(i));
                    }
                }
            }
            case 1 -> {
                for (int i = 0; i < n; i++) {
                    out.putFloat(in.getShort(2 * i));
                }
            }
            case 2 -> {
                for (int i = 0; i < n; i++) {
                    out.putFloat(in.getFloat(4 * i));
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out.putShort(in.getShort(2 * i));
                }
            }
        }
        return out.array();
    }

    /** Re-reads NZ (software appending sections updates it) and the file size; complete sections = min(NZ, what the file holds). */
    @Override
    public int refresh() {
        ByteBuffer header = read(channel, 0, HEADER_BYTES, file).order(order);
        int headerNz = header.getInt(8);
        if (headerNz >= 0) {
            nz = headerNz;
        }
        long held = Math.max(0, size() - dataStart) / planeBytes();
        complete = (int) Math.min(nz, held);
        return complete;
    }

    private long planeBytes() {
        int bytes = switch (mode) {
            case 0 -> 1;
            case 1, 6 -> 2;
            default -> 4;
        };
        return (long) nx * ny * bytes;
    }

    private long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, long length, Path file) {
        if (length > Integer.MAX_VALUE) {
            throw new BadFileException(file, "an MRC section of " + length + " bytes is too large to read");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new BadFileException(file, "truncated MRC: ends at byte " + (position + buffer.position())
                            + ", expected " + length + " bytes from " + position);
                }
            }
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read: " + e.getMessage(), e);
        }
        return buffer.flip();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // already failing
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
