package org.operando.streams.sync;

import org.operando.schema.RunStart;

/**
 * Clocks of a run without a timing generator. Its {@code RunStart} says so with the parameter
 * {@code timing=unsynchronized} and gives each instrument's declared offset as {@code clockOffsetNs.<instrumentId>}
 * (ns; 0 when absent): the master clock is then each instrument's own clock plus its offset,
 * <pre>
 *   master(x) = x + offset
 * </pre>
 * with no trigger marks to fit or check it. Results carry {@code ClockModel.unsynchronized = true} so that nobody takes
 * their master times for synchronized ones.
 */
public final class DeclaredClocks {
    public static final String TIMING_PARAMETER = "timing";
    public static final String UNSYNCHRONIZED = "unsynchronized";
    public static final String OFFSET_PARAMETER_PREFIX = "clockOffsetNs.";
    /** Instrument-time bounds of a declared model: all times, with room for arithmetic without overflow. */
    private static final long FOREVER = Long.MAX_VALUE / 4;

    private DeclaredClocks() {
    }

    /** True when the run declares that no trigger ties its clocks together. */
    public static boolean declared(RunStart start) {
        return UNSYNCHRONIZED.equals(start.getParameters().get(TIMING_PARAMETER));
    }

    /** The declared offset of an instrument's clock, ns (0 when the run gives none). */
    public static long offsetNs(RunStart start, String instrumentId) {
        String v = start.getParameters().get(OFFSET_PARAMETER_PREFIX + instrumentId);
        try {
            return v == null ? 0L : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RunStart parameter " + OFFSET_PARAMETER_PREFIX + instrumentId + " is '" + v
                    + "'; expected a whole number of nanoseconds", e);
        }
    }

    /** master = instrument + offset, exactly, for every instrument time; no marks, no uncertainty stated. */
    public static ClockModel identity(long offsetNs) {
        return new ClockModel(0L, offsetNs, 0.0, 0.0, 0.0, 0, 0.0, 0.0, 0.0, -FOREVER, FOREVER);
    }

    /** The {@code ClockModel} record published for a declared clock. */
    public static org.operando.schema.ClockModel record(String runId, String instrumentId, long offsetNs) {
        return org.operando.schema.ClockModel.newBuilder().setRunId(runId).setInstrumentId(instrumentId)
                .setReferenceInstrumentTimeNs(0L).setReferenceMasterTimeNs(offsetNs).setReferenceMasterFractionNs(0.0)
                .setSkew(0.0).setResidualSigmaNs(0.0).setOffsetSigmaNs(0.0).setSkewSigma(0.0).setMarksUsed(0).setMarksRejected(0)
                .setValidFromInstrumentTimeNs(Long.MIN_VALUE).setValidToInstrumentTimeNs(Long.MAX_VALUE).setUnsynchronized(true)
                .build();
    }
}
