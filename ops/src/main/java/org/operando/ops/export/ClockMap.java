package org.operando.ops.export;

import org.operando.schema.ClockModel;

/**
 * One instrument's times on the master clock, as seconds since the run's start: with the instrument's last
 * {@link ClockModel} (the fit over the most marks), {@code master = refMaster + refFraction + (1 + skew) (t - refInstrument)};
 * without one, the instrument's time is taken as it is (the timing generator's clock is the master clock; any other
 * instrument without a model is reported as such in the export's metadata).
 */
public final class ClockMap {
    private final ClockModel model;
    private final long originNs;

    private ClockMap(ClockModel model, long originNs) {
        this.model = model;
        this.originNs = originNs;
    }

    /** @param model the instrument's clock model, or null for none; @param originNs run start on the master clock */
    public static ClockMap of(ClockModel model, long originNs) {
        return new ClockMap(model, originNs);
    }

    public boolean fitted() {
        return model != null;
    }

    /** Master time of instrument time {@code instrumentNs}, in seconds since the run start. */
    public double secondsSinceStart(long instrumentNs) {
        return nanosSinceStart(instrumentNs) / 1e9;
    }

    /** Master time of instrument time {@code instrumentNs}, nanoseconds (master clock), rounded. */
    public long masterNs(long instrumentNs) {
        return originNs + Math.round(nanosSinceStart(instrumentNs));
    }

    private double nanosSinceStart(long instrumentNs) {
        if (model == null) {
            return (double) (instrumentNs - originNs);
        }
        double sinceReference = (double) (instrumentNs - model.getReferenceInstrumentTimeNs());
        return (double) (model.getReferenceMasterTimeNs() - originNs) + model.getReferenceMasterFractionNs()
                + (1 + model.getSkew()) * sinceReference;
    }
}
