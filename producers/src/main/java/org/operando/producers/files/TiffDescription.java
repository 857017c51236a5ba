package org.operando.producers.files;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.operando.producers.files.ImageStack.PlaneTime;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * What a TIFF's first ImageDescription says about pixel size and plane times, from one of the two conventions
 * microscopy software writes:
 * <ul>
 * <li><b>OME-XML</b> (OME-TIFF, OME Data Model 2016-06): {@code Pixels@PhysicalSizeX} with {@code PhysicalSizeXUnit}
 * (default µm); one {@code Plane} per (C, Z, T) with {@code DeltaT}/{@code DeltaTUnit} (default s) and
 * {@code ExposureTime}/{@code ExposureTimeUnit}; IFD i holds the plane whose (C, Z, T) index in
 * {@code DimensionOrder} is i (one file, TiffData from IFD 0). One channel only.</li>
 * <li><b>ImageJ</b> ({@code ImageJ=} first line): {@code unit=} with XResolution in pixels per unit, and
 * {@code finterval=} seconds between frames.</li>
 * </ul>
 * Otherwise XResolution with ResolutionUnit 3 (centimetre) gives the pixel size; resolution in inches is ignored
 * (writers put 72 dpi there by default).
 */
record TiffDescription(Double pixelSizeNm, List<PlaneTime> times) {

    static TiffDescription read(Path file, String description, Double xResolution, long resolutionUnit, int pages) {
        if (description != null && description.contains("<OME")) {
            return ome(file, description, pages);
        }
        if (description != null && description.startsWith("ImageJ=")) {
            return imageJ(description, xResolution, pages);
        }
        Double nm = xResolution != null && resolutionUnit == 3 ? 1e7 / xResolution : null;
        return new TiffDescription(nm, List.of());
    }

    PlaneTime time(int index) {
        return index < times.size() && times.get(index) != null ? times.get(index) : PlaneTime.UNKNOWN;
    }

    private static TiffDescription imageJ(String description, Double xResolution, int pages) {
        Map<String, String> kv = new HashMap<>();
        for (String line : description.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        Double nm = null;
        if (xResolution != null && kv.containsKey("unit")) {
            Double perUnit = nmPer(kv.get("unit").replace("\\u00B5", "µ"));
            nm = perUnit == null ? null : perUnit / xResolution;
        }
        List<PlaneTime> times = new ArrayList<>();
        if (kv.containsKey("finterval")) {
            double interval = Double.parseDouble(kv.get("finterval"));
            for (int i = 0; i < pages; i++) {
                times.add(new PlaneTime(i * interval, null));
            }
        }
        return new TiffDescription(nm, times);
    }

    private static TiffDescription ome(Path file, String xml, int pages) {
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new BadFileException(file, "OME-XML in the ImageDescription cannot be parsed: " + e.getMessage(), e);
        }
        NodeList pixelsList = doc.getElementsByTagNameNS("*", "Pixels");
        if (pixelsList.getLength() == 0) {
            pixelsList = doc.getElementsByTagName("Pixels");
        }
        if (pixelsList.getLength() == 0) {
            throw new BadFileException(file, "OME-XML has no Pixels element; expected OME Data Model Image/Pixels");
        }
        Element pixels = (Element) pixelsList.item(0);
        int sizeC = intAttr(pixels, "SizeC", 1);
        int sizeZ = intAttr(pixels, "SizeZ", 1);
        int sizeT = intAttr(pixels, "SizeT", 1);
        if (sizeC > 1) {
            throw new BadFileException(file, "OME-TIFF has " + sizeC + " channels; expected one channel per instrument stream");
        }
        Double nm = null;
        if (!pixels.getAttribute("PhysicalSizeX").isEmpty()) {
            String unit = pixels.getAttribute("PhysicalSizeXUnit").isEmpty() ? "µm" : pixels.getAttribute("PhysicalSizeXUnit");
            Double perUnit = nmPer(unit);
            if (perUnit == null) {
                throw new BadFileException(file, "OME PhysicalSizeXUnit '" + unit + "' is not a length unit we know; expected nm, µm, mm, m or Å");
            }
            nm = Double.parseDouble(pixels.getAttribute("PhysicalSizeX")) * perUnit;
        }
        PlaneTime[] times = new PlaneTime[pages];
        String order = pixels.getAttribute("DimensionOrder").isEmpty() ? "XYCZT" : pixels.getAttribute("DimensionOrder");
        NodeList planes = pixels.getElementsByTagNameNS("*", "Plane");
        if (planes.getLength() == 0) {
            planes = pixels.getElementsByTagName("Plane");
        }
        for (int p = 0; p < planes.getLength(); p++) {
            Element plane = (Element) planes.item(p);
            int index = planeIndex(order, intAttr(plane, "TheC", 0), intAttr(plane, "TheZ", 0), intAttr(plane, "TheT", 0), sizeC, sizeZ, sizeT);
            if (index >= 0 && index < pages) {
                times[index] = new PlaneTime(seconds(file, plane, "DeltaT"), seconds(file, plane, "ExposureTime"));
            }
        }
        return new TiffDescription(nm, Arrays.asList(times));
    }

    /** IFD index of plane (c, z, t): the dimensions after XY in DimensionOrder vary fastest first. */
    private static int planeIndex(String order, int c, int z, int t, int sizeC, int sizeZ, int sizeT) {
        int index = 0;
        int stride = 1;
        for (char dim : order.substring(2).toCharArray()) {
            int value = dim == 'C' ? c : dim == 'Z' ? z : t;
            int size = dim == 'C' ? sizeC : dim == 'Z' ? sizeZ : sizeT;
            index += value * stride;
            stride *= size;
        }
        return index;
    }

    private static Double seconds(Path file, Element e, String attr) {
        String v = e.getAttribute(attr);
        if (v.isEmpty()) {
            return null;
        }
        String unit = e.getAttribute(attr + "Unit").isEmpty() ? "s" : e.getAttribute(attr + "Unit");
        double factor = switch (unit) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "µs", "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            case "h" -> 3600;
            default -> throw new BadFileException(file, "OME " + attr + "Unit '" + unit + "' is not a time unit we know; expected s, ms, µs, ns, min or h");
        };
        return Double.parseDouble(v) * factor;
    }

    private static int intAttr(Element e, String name, int absent) {
        String v = e.getAttribute(name);
        return v.isEmpty() ? absent : Integer.parseInt(v);
    }

    /** Nanometres in one of a length unit, or null when it is not one. */
    static Double nmPer(String unit) {
        return switch (unit.trim()) {
            case "nm", "nanometer", "nanometre" -> 1.0;
            case "µm", "um", "micron", "microns", "micrometer", "micrometre", "\u03bcm" -> 1e3;
            case "mm" -> 1e6;
            case "cm" -> 1e7;
            case "m" -> 1e9;
            case "Å", "A", "angstrom", "\u212b" -> 0.1;
            default -> null;
        };
    }
}
