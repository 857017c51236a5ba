package org.operando.streams.sync;

/**
 * Which paired marks the online line fit uses.
 *
 * <ul>
 *   <li>{@link #all()}: every paired mark since the bootstrap. Best precision while the clocks' skew is
 *       constant; no pair history is stored (running sums only).</li>
 *   <li>{@link #lastMarks(int)}: the last {@code n} paired marks. Follows a slowly wandering skew
 *       (temperature) at the price of a bound fixed near {@code 2σ/√n}.</li>
 *   <li>{@link #lastDuration(long)}: marks whose instrument time is within {@code durationNs} of the newest.</li>
 * </ul>
 *
 * @param kind        which rule applies
 * @param maxMarks    for {@link Kind#LAST_MARKS}: how many marks; otherwise 0
 * @param durationNs  for {@link Kind#LAST_DURATION}: the span in instrument nanoseconds; otherwise 0
 */
public record FitWindow(Kind kind, int maxMarks, long durationNs) {

    /** The window rules. */
    public enum Kind { ALL, LAST_MARKS, LAST_DURATION }

    public FitWindow {
        if (kind == null) {
            throw new IllegalArgumentException("Window kind may not be null; expected ALL, LAST_MARKS or LAST_DURATION");
        }
        switch (kind) {
            case ALL -> {
                if (maxMarks != 0 || durationNs != 0) {
                    throw new IllegalArgumentException("ALL window takes no size. Got maxMarks=" + maxMarks
                            + ", durationNs=" + durationNs);
                }
            }
            case LAST_MARKS -> {
                if (maxMarks < 3 || durationNs != 0) {
                    throw new IllegalArgumentException("LAST_MARKS window needs maxMarks >= 3 and no duration. Got maxMarks="
                            + maxMarks + ", durationNs=" + durationNs);
                }
            }
            case LAST_DURATION -> {
                if (durationNs <= 0 || maxMarks != 0) {
                    throw new IllegalArgumentException("LAST_DURATION window needs durationNs > 0 and no mark count. Got durationNs="
                            + durationNs + ", maxMarks=" + maxMarks);
                }
            }
        }
    }

    /** Every paired mark since the bootstrap. */
    public static FitWindow all() {
        return new FitWindow(Kind.ALL, 0, 0);
    }

    /** The last {@code n} paired marks ({@code n >= 3}). */
    public static FitWindow lastMarks(int n) {
        return new FitWindow(Kind.LAST_MARKS, n, 0);
    }

    /** The marks within {@code durationNs} instrument nanoseconds of the newest paired mark. */
    public static FitWindow lastDuration(long durationNs) {
        return new FitWindow(Kind.LAST_DURATION, 0, durationNs);
    }
}
