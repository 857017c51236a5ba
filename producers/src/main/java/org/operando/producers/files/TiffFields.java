package org.operando.producers.files;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The TIFF fields of one page, read from the ImageIO reader's native metadata tree (the
 * {@code com_sun_media_imageio_plugins_tiff_image_1.0} format that both the JDK's and TwelveMonkeys' TIFF plugins
 * write): each field's number and its values as text (numbers, rationals as {@code n/d}, ASCII strings).
 */
final class TiffFields {
    static final String NATIVE_FORMAT = "com_sun_media_imageio_plugins_tiff_image_1.0";
    static final int BITS_PER_SAMPLE = 258;
    static final int IMAGE_DESCRIPTION = 270;
    static final int STRIP_OFFSETS = 273;
    static final int SAMPLES_PER_PIXEL = 277;
    static final int STRIP_BYTE_COUNTS = 279;
    static final int X_RESOLUTION = 282;
    static final int RESOLUTION_UNIT = 296;
    static final int TILE_OFFSETS = 324;
    static final int TILE_BYTE_COUNTS = 325;
    static final int SAMPLE_FORMAT = 339;

    private final Map<Integer, List<String>> values = new HashMap<>();

    private TiffFields() {
    }

    static TiffFields of(IIOMetadata metadata) {
        TiffFields fields = new TiffFields();
        fields.collect(metadata.getAsTree(NATIVE_FORMAT));
        return fields;
    }

    private void collect(Node node) {
        if (node instanceof Element e && "TIFFField".equals(e.getNodeName())) {
            List<String> vs = new ArrayList<>();
            collectValues(e, vs);
            values.put(Integer.parseInt(e.getAttribute("number")), vs);
            return;
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            collect(c);
        }
    }

    private static void collectValues(Node node, List<String> out) {
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && e.hasAttribute("value")) {
                out.add(e.getAttribute("value"));
            }
            collectValues(c, out);
        }
    }

    boolean has(int tag) {
        return values.containsKey(tag);
    }

    /** The field's first value as a number (0 when absent). */
    long first(int tag, long absent) {
        List<String> vs = values.get(tag);
        return vs == null || vs.isEmpty() ? absent : Long.parseLong(vs.get(0).trim());
    }

    List<Long> longs(int tag) {
        return values.getOrDefault(tag, List.of()).stream().map(s -> Long.parseLong(s.trim())).toList();
    }

    /** A RATIONAL field's first value, or null when absent or zero. */
    Double rational(int tag) {
        List<String> vs = values.get(tag);
        if (vs == null || vs.isEmpty()) {
            return null;
        }
        String[] parts = vs.get(0).split("/");
        double v = parts.length == 2 ? Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]) : Double.parseDouble(parts[0]);
        return v > 0 && Double.isFinite(v) ? v : null;
    }

    String text(int tag) {
        List<String> vs = values.get(tag);
        return vs == null || vs.isEmpty() ? null : String.join("", vs);
    }

    /** Largest end (offset + byte count) of the page's strips or tiles, in bytes from the start of the file. */
    long dataEnd() {
        List<Long> offsets = has(STRIP_OFFSETS) ? longs(STRIP_OFFSETS) : longs(TILE_OFFSETS);
        List<Long> counts = has(STRIP_BYTE_COUNTS) ? longs(STRIP_BYTE_COUNTS) : longs(TILE_BYTE_COUNTS);
        long end = 0;
        for (int i = 0; i < Math.min(offsets.size(), counts.size()); i++) {
            end = Math.max(end, offsets.get(i) + counts.get(i));
        }
        return end;
    }
}
