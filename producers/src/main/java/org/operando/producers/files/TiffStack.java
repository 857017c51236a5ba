package org.operando.producers.files;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.operando.schema.PixelType;

/**
 * A TIFF, OME-TIFF or BigTIFF file read as a stack of pages (Micro-Manager, most camera software, Fiji, tifffile),
 * through TwelveMonkeys' ImageIO TIFF plugin (which, unlike the JDK's, reads BigTIFF). Pages must all be one-sample
 * (grey) images of one size and type: 8-bit unsigned (U8), 16-bit unsigned (U16), 16-bit signed or 32-bit float (F32).
 * Pixel size and plane times come from the description ({@link TiffDescription}).
 *
 * <p>On opening, every page's strips (or tiles) must lie inside the file; a file still being written is opened with
 * {@link #openGrowing}, which counts the pages complete so far.
 */
public final class TiffStack implements ImageStack {
    private static final TIFFImageReaderSpi SPI = new TIFFImageReaderSpi();
    private final Path file;
    private int width;
    private int height;
    private PixelType pixelType;
    private boolean signed16;
    private int complete;
    private TiffDescription description;
    private ImageInputStream input;
    private ImageReader reader;

    private TiffStack(Path file) {
        this.file = file;
    }

    /** Opens a finished TIFF: every page must be complete. */
    public static TiffStack open(Path file) {
        TiffStack stack = new TiffStack(file);
        try {
            int pages = stack.scan(true);
            if (pages == 0) {
                throw new BadFileException(file, "TIFF has no pages");
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Opens a TIFF that may still be written; {@link #planes()} counts its complete pages (possibly none yet). */
    public static TiffStack openGrowing(Path file) {
        TiffStack stack = new TiffStack(file);
        stack.refresh();
        return stack;
    }

    /**
     * Reads the page directory: the type of page 0, the description, and how many pages are complete (strips inside
     * the file). {@code strict}: a page that is incomplete, unreadable or unlike page 0 is an error; otherwise the
     * count stops before it.
     */
    private int scan(boolean strict) {
        closeReader();
        try {
            long size = Files.size(file);
            input = new FileImageInputStream(file.toFile());
            reader = SPI.createReaderInstance();
            reader.setInput(input);
            int pages;
            try {
                pages = reader.getNumImages(true);
            } catch (IOException | RuntimeException e) {
                if (strict) {
                    throw new BadFileException(file, "not a readable TIFF: " + e.getMessage(), e);
                }
                return complete;
            }
            TiffIfdChain chain = TiffIfdChain.walk(file);
            if (strict && !chain.complete()) {
                throw new BadFileException(file, "truncated TIFF: directory " + chain.directories() + " at byte " + chain.brokenAt()
                        + " lies beyond the end of the file (" + size + " bytes); " + chain.directories() + " complete pages");
            }
            pages = Math.min(pages, chain.directories());
            int ok = 0;
            for (int i = 0; i < pages; i++) {
                TiffFields fields;
                try {
                    fields = TiffFields.of(reader.getImageMetadata(i));
                } catch (IOException | RuntimeException e) {
                    if (strict) {
                        throw new BadFileException(file, "page " + i + " cannot be read: " + e.getMessage(), e);
                    }
                    break;
                }
                if (fields.dataEnd() > size) {
                    if (strict) {
                        throw new BadFileException(file, "truncated TIFF: page " + i + " of " + pages + " needs bytes up to "
                                + fields.dataEnd() + ", the file has " + size);
                    }
                    break;
                }
                if (i == 0) {
                    describe(fields, reader.getWidth(0), reader.getHeight(0), pages);
                } else if (reader.getWidth(i) != width || reader.getHeight(i) != height || type(fields) != pixelType) {
                    throw new BadFileException(file, "page " + i + " is " + reader.getWidth(i) + "x" + reader.getHeight(i) + " "
                            + type(fields) + ", page 0 is " + width + "x" + height + " " + pixelType
                            + "; expected every page of a stack alike");
                }
                ok++;
            }
            complete = Math.max(complete, ok);
            return complete;
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private void describe(TiffFields fields, int w, int h, int pages) {
        long samples = fields.first(TiffFields.SAMPLES_PER_PIXEL, 1);
        if (samples != 1) {
            throw new BadFileException(file, "TIFF pages have " + samples + " samples per pixel (RGB or planar); expected one (grey)"
                    + " — write the stack with photometric=minisblack");
        }
        width = w;
        height = h;
        pixelType = type(fields);
        signed16 = fields.first(TiffFields.BITS_PER_SAMPLE, 1) == 16 && fields.first(TiffFields.SAMPLE_FORMAT, 1) == 2;
        description = TiffDescription.read(file, fields.text(TiffFields.IMAGE_DESCRIPTION), fields.rational(TiffFields.X_RESOLUTION),
                fields.first(TiffFields.RESOLUTION_UNIT, 2), pages);
    }

    /** U8, U16 or F32 from BitsPerSample and SampleFormat (1 unsigned, 2 signed, 3 float). */
    private PixelType type(TiffFields fields) {
        long bits = fields.first(TiffFields.BITS_PER_SAMPLE, 1);
        long format = fields.first(TiffFields.SAMPLE_FORMAT, 1);
        if (bits == 8 && format == 1) {
            return PixelType.U8;
        } else if (bits == 16 && format == 1) {
            return PixelType.U16;
        } else if ((bits == 16 && format == 2) || (bits == 32 && format == 3)) {
            return PixelType.F32;
        }
        throw new BadFileException(file, "TIFF samples of " + bits + " bits, SampleFormat " + format
                + " are not supported; expected 8- or 16-bit unsigned, 16-bit signed or 32-bit float");
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public PixelType pixelType() {
        return pixelType;
    }

    @Override
    public int planes() {
        return complete;
    }

    @Override
    public Double pixelSizeNm() {
        return description == null ? null : description.pixelSizeNm();
    }

    @Override
    public PlaneTime time(int index) {
        return description == null ? PlaneTime.UNKNOWN : description.time(index);
    }

    @Override
    public byte[] plane(int index) {
        if (index < 0 || index >= complete) {
            throw new IndexOutOfBoundsException("Page " + index + " of " + file + "; it holds " + complete);
        }
        Raster raster;
        try {
            raster = reader.readRaster(index, null);
        } catch (IOException | RuntimeException e) {
            throw new BadFileException(file, "page " + index + " cannot be decoded: " + e.getMessage(), e);
        }
        int n = width * height;
        ByteBuffer out = ByteBuffer.allocate(n * org.operando.schemas.Validation.bytesPerPixel(pixelType)).order(ByteOrder.LITTLE_ENDIAN);
        int x0 = raster.getMinX();
        int y0 = raster.getMinY();
        switch (pixelType) {
            case U8 -> {
                for (int v : raster.getSamples(x0, y0, width, height, 0, new int[n])) {
                    out.put((byte) v);
                }
            }
            case U16 -> {
                for (int v : raster.getSamples(x0, y0, width, height, 0, new int[n])) {
                    out.putShort((short) v);
                }
            }
            default -> {
                if (signed16) {
                    for (int v : raster.getSamples(x0, y0, width, height, 0, new int[n])) {
                        out.putFloat((short) v);
                    }
                } else {
                    for (float v : raster.getSamples(x0, y0, width, height, 0, new float[n])) {
                        out.putFloat(v);
                    }
                }
            }
        }
        return out.array();
    }

    /** Re-reads the directory of a file that may have grown; pages already counted stay counted. */
    @Override
    public int refresh() {
        try {
            return scan(false);
        } catch (BadFileException e) {
            if (complete > 0 || pixelType != null) {
                throw e; // a page unlike the first: the stack is inconsistent
            }
            return 0; // not even a first page yet
        }
    }

    private void closeReader() {
        if (reader != null) {
            reader.dispose();
            reader = null;
        }
        try {
            if (input != null) {
                input.close();
                input = null;
            }
        } catch (IOException ignored) {
            // reopened or closing
        }
    }

    @Override
    public void close() {
        closeReader();
    }
}
