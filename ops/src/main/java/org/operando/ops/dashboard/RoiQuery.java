package org.operando.ops.dashboard;

import java.util.function.Function;

/** The box of {@code POST /api/roi?x=&y=&w=&h=}: integers, in raw pixels, inside the frame it is drawn on. */
final class RoiQuery {
    /** Largest side accepted before a frame has arrived to bound the box. */
    static final int MAX_SIDE = 65_536;

    private RoiQuery() {
    }

    /**
     * @param query a query parameter's value by name, null when absent
     * @throws IllegalArgumentException naming the parameter that is missing, not an integer or outside the frame
     */
    static FrameRenderer.Roi parse(Function<String, String> query, int frameWidth, int frameHeight) {
        try {
            int x = param(query, "x", 0, frameWidth - 1);
            int y = param(query, "y", 0, frameHeight - 1);
            int w = param(query, "w", 1, frameWidth - x);
            int h = param(query, "h", 1, frameHeight - y);
            return new FrameRenderer.Roi(x, y, w, h);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ROI needs integer x, y, w, h in raw pixels inside the " + frameWidth + "x" + frameHeight
                    + " frame: " + e.getMessage(), e);
        }
    }

    private static int param(Function<String, String> query, String name, int min, int max) {
        String v = query.apply(name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        int n;
        try {
            n = Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer. Got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ". Got " + n);
        }
        return n;
    }
}
