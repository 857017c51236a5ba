package org.operando.simulator;

/**
 * The true relation between an instrument's clock and the master clock (the timing generator's clock):
 * {@code master = offsetNs + (1 + skew) · instrument}, equivalently
 * {@code instrument = (master − offsetNs) / (1 + skew)}. This is the same form as the clock-sync stage's
 * {@code ClockModel} (master = a + (1 + b)·instrument).
 *
 * <p>Arithmetic is done in {@code long} with a double only for the small skew correction, so it stays exact to
 * 1 ns even for epoch-scale times (~1.8·10<sup>18</sup> ns), where a plain double would be off by ~200 ns.
 *
 * @param offsetNs a, in ns (master clock reading when the instrument clock reads 0)
 * @param skew     b, dimensionless (50 ppm = 5e-5); |b| &le; 1e-3
 */
public record ClockTruth(long offsetNs, double skew) {
    public ClockTruth {
        Check.range("skew", skew, -1e-3, 1e-3);
    }

    /** The identity clock (used by the timing generator). */
    public static ClockTruth master() {
        return new ClockTruth(0L, 0.0);
    }

    /** Exact (jitter-free) instrument reading at master time {@code masterNs}, rounded to 1 ns. */
    public long instrumentFromMaster(long masterNs) {
        long delta = masterNs - offsetNs;
        return delta - Math.round(delta * (skew / (1.0 + skew)));
    }

    /** Master time at which the instrument clock reads {@code instrumentNs}, rounded to 1 ns. */
    public long masterFromInstrument(long instrumentNs) {
        return offsetNs + instrumentNs + Math.round(instrumentNs * skew);
    }
}
