package org.operando.producers.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;

/** Opens an image file as a stack by what it is: TIFF (and BigTIFF) by its magic number, MRC by its extension. */
public final class ImageStacks {
    private ImageStacks() {
    }

    /** A finished file: its header must be consistent and every plane it announces present. */
    public static ImageStack open(Path file) {
        return isTiff(file) ? TiffStack.open(file) : isMrc(file) ? MrcStack.open(file) : unknown(file);
    }

    /** A file that acquisition software may still be writing: planes are counted as they are completed. */
    public static ImageStack openGrowing(Path file) {
        return isTiff(file) ? TiffStack.openGrowing(file) : isMrc(file) ? MrcStack.openGrowing(file) : unknown(file);
    }

    /** True for names an image folder may hold: .mrc, .mrcs, .st, .ali, .map, .tif, .tiff (OME-TIFF included). */
    public static boolean isImageName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".tif") || name.endsWith(".tiff") || hasMrcName(name);
    }

    private static boolean hasMrcName(String name) {
        return name.endsWith(".mrc") || name.endsWith(".mrcs") || name.endsWith(".st") || name.endsWith(".ali") || name.endsWith(".map");
    }

    private static boolean isMrc(Path file) {
        return hasMrcName(file.getFileName().toString().toLowerCase(Locale.ROOT));
    }

    /** II*\0, MM\0*, and BigTIFF's II+\0 / MM\0+. */
    private static boolean isTiff(Path file) {
        byte[] head = head(file);
        if (head.length < 4) {
            return false;
        }
        boolean le = head[0] == 'I' && head[1] == 'I' && (head[2] == 42 || head[2] == 43) && head[3] == 0;
        boolean be = head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43);
        return le || be;
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(4);
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static ImageStack unknown(Path file) {
        throw new BadFileException(file, "unknown image format (starts with " + HexFormat.ofDelimiter(" ").formatHex(head(file))
                + "); expected a TIFF/OME-TIFF/BigTIFF (II*/MM*) or an MRC file named .mrc, .mrcs, .st, .ali or .map");
    }
}
