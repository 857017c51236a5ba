package org.operando.simulator;

/**
 * Noise-free potential and current of the electrode as functions of t, seconds since the run's master start
 * (formulas in {@link ElectrochemSettings}). Pure functions: no state.
 */
public final class Electrochemistry {
    private final ElectrochemSettings s;
    private final double halfPeriodS;

    public Electrochemistry(ElectrochemSettings settings) {
        this.s = Check.notNull("settings", settings);
        this.halfPeriodS = settings.technique() == Technique.CV ? settings.cyclePeriodS() / 2.0
                : settings.stepPeriodS() / 2.0;
    }

    /** Working-electrode potential at t, V. */
    public double potential(double t) {
        if (t < 0) {
            return startPotential();
        }
        if (s.technique() == Technique.CV) {
            if (t >= s.cycles() * s.cyclePeriodS()) {
                return s.upperVertexV();
            }
            double phase = t % s.cyclePeriodS();
            return phase < halfPeriodS ? s.upperVertexV() - s.scanRateVPerS() * phase
                    : s.lowerVertexV() + s.scanRateVPerS() * (phase - halfPeriodS);
        }
        return depositing(t) ? s.stepLowV() : s.stepHighV();
    }

    /** Faradaic current at t, A (negative = cathodic = particle growth). */
    public double faradaicCurrent(double t) {
        if (t < 0) {
            return 0.0;
        }
        if (s.technique() == Technique.CV) {
            if (t >= s.cycles() * s.cyclePeriodS()) {
                return 0.0;
            }
            double e = potential(t);
            double w2 = 2.0 * s.peakWidthV() * s.peakWidthV();
            if (t % s.cyclePeriodS() < halfPeriodS) {
                double d = e - s.cathodicPeakV();
                return -s.peakCurrentA() * Math.exp(-d * d / w2);
            }
            double d = e - s.anodicPeakV();
            return s.peakCurrentA() * Math.exp(-d * d / w2);
        }
        double sinceStep = t % halfPeriodS;
        double sign = depositing(t) ? -1.0 : 1.0;
        return sign * s.peakCurrentA() * Math.exp(-sinceStep / s.caTimeConstantS());
    }

    /** Capacitive (double-layer charging) current at t, A. */
    public double capacitiveCurrent(double t) {
        if (t < 0) {
            return 0.0;
        }
        if (s.technique() == Technique.CV) {
            if (t >= s.cycles() * s.cyclePeriodS()) {
                return 0.0;
            }
            boolean down = t % s.cyclePeriodS() < halfPeriodS;
            return s.doubleLayerCapacitanceF() * (down ? -s.scanRateVPerS() : s.scanRateVPerS());
        }
        double sinceStep = t % halfPeriodS;
        double rc = s.uncompensatedResistanceOhm() * s.doubleLayerCapacitanceF();
        if (rc <= 0) {
            return 0.0;
        }
        double step = depositing(t) ? s.stepLowV() - s.stepHighV() : s.stepHighV() - s.stepLowV();
        if (t < halfPeriodS) {
            step = s.stepLowV() - s.stepHighV(); // first step from the resting (high) potential
        }
        return step / s.uncompensatedResistanceOhm() * Math.exp(-sinceStep / rc);
    }

    /** Total noise-free current, A. */
    public double current(double t) {
        return faradaicCurrent(t) + capacitiveCurrent(t);
    }

    /**
     * Charge of one full cathodic peak, C (positive): I_p·w·√(2π)/v for CV (Gaussian in potential swept at v),
     * I_p·τ_ca for chronoamperometry. Used to normalise the deposited charge.
     */
    public double referenceChargeC() {
        if (s.technique() == Technique.CV) {
            return s.peakCurrentA() * s.peakWidthV() * Math.sqrt(2.0 * Math.PI) / s.scanRateVPerS();
        }
        return s.peakCurrentA() * s.caTimeConstantS();
    }

    public Technique technique() {
        return s.technique();
    }

    private double startPotential() {
        return s.technique() == Technique.CV ? s.upperVertexV() : s.stepHighV();
    }

    private boolean depositing(double t) {
        return ((long) Math.floor(t / halfPeriodS)) % 2 == 0;
    }
}
