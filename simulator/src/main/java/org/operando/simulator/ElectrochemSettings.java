package org.operando.simulator;

/**
 * The potentiostat ("pstat-1") and the electrochemistry it drives.
 *
 * <p>CV: the potential starts at the upper vertex, sweeps down to the lower vertex and back at {@code scanRate}
 * ({@code cycles} times, then holds at the upper vertex). Current = C_dl·dE/dt + faradaic, where the faradaic part is
 * a Gaussian in potential: −I_p·exp(−(E − E_pc)²/(2w²)) on the cathodic (downward) sweep (particle growth) and
 * +I_p·exp(−(E − E_pa)²/(2w²)) on the anodic sweep (dissolution), plus N(0, σ_I²) noise.
 *
 * <p>Chronoamperometry: the potential alternates between {@code stepLowV} (growth) and {@code stepHighV}
 * (dissolution) every half {@code stepPeriodS}; current = (ΔE/R_u)·exp(−t/(R_u·C_dl)) ∓ I_p·exp(−t/τ_ca).
 */
public record ElectrochemSettings(boolean enabled, Technique technique, double sampleRateHz, int blockSize,
                                  double scanRateVPerS, double lowerVertexV, double upperVertexV, int cycles,
                                  double cathodicPeakV, double anodicPeakV, double peakWidthV, double peakCurrentA,
                                  double doubleLayerCapacitanceF, double currentNoiseA, double potentialNoiseV,
                                  double stepLowV, double stepHighV, double stepPeriodS, double caTimeConstantS,
                                  double uncompensatedResistanceOhm) {
    public ElectrochemSettings {
        Check.notNull("technique", technique);
        Check.range("ec.sampleRateHz", sampleRateHz, 1.0, 1e6);
        Check.range("ec.blockSize", blockSize, 1, 1_000_000);
        Check.range("ec.scanRateVPerS", scanRateVPerS, 1e-4, 100.0);
        Check.range("ec.lowerVertexV", lowerVertexV, -5.0, 5.0);
        Check.range("ec.upperVertexV", upperVertexV, lowerVertexV + 1e-3, 5.0);
        Check.range("ec.cycles", cycles, 1, 1_000_000);
        Check.range("ec.cathodicPeakV", cathodicPeakV, lowerVertexV, upperVertexV);
        Check.range("ec.anodicPeakV", anodicPeakV, lowerVertexV, upperVertexV);
        Check.positive("ec.peakWidthV", peakWidthV);
        Check.positive("ec.peakCurrentA", peakCurrentA);
        Check.nonNegative("ec.doubleLayerCapacitanceF", doubleLayerCapacitanceF);
        Check.nonNegative("ec.currentNoiseA", currentNoiseA);
        Check.nonNegative("ec.potentialNoiseV", potentialNoiseV);
        Check.range("ec.stepHighV", stepHighV, stepLowV, 5.0);
        Check.positive("ec.stepPeriodS", stepPeriodS);
        Check.positive("ec.caTimeConstantS", caTimeConstantS);
        Check.positive("ec.uncompensatedResistanceOhm", uncompensatedResistanceOhm);
    }

    /** CV at 50 mV/s between −0.4 V and +0.6 V, peaks at −0.1 V (cathodic) and +0.25 V (anodic), 10 kHz. */
    public static ElectrochemSettings defaults() {
        return new ElectrochemSettings(true, Technique.CV, 10_000.0, 1000, 0.05, -0.4, 0.6, 1000, -0.1, 0.25, 0.03,
                2e-6, 2e-5, 2e-9, 1e-4, -0.2, 0.4, 10.0, 0.5, 100.0);
    }

    public long samplePeriodNs() {
        return Math.max(1, Math.round(1e9 / sampleRateHz));
    }

    /** Duration of one CV cycle (down and back up), s. */
    public double cyclePeriodS() {
        return 2.0 * (upperVertexV - lowerVertexV) / scanRateVPerS;
    }

    public ElectrochemSettings withEnabled(boolean value) {
        return new ElectrochemSettings(value, technique, sampleRateHz, blockSize, scanRateVPerS, lowerVertexV,
                upperVertexV, cycles, cathodicPeakV, anodicPeakV, peakWidthV, peakCurrentA, doubleLayerCapacitanceF,
                currentNoiseA, potentialNoiseV, stepLowV, stepHighV, stepPeriodS, caTimeConstantS,
                uncompensatedResistanceOhm);
    }

    public ElectrochemSettings withTechnique(Technique value) {
        return new ElectrochemSettings(enabled, value, sampleRateHz, blockSize, scanRateVPerS, lowerVertexV,
                upperVertexV, cycles, cathodicPeakV, anodicPeakV, peakWidthV, peakCurrentA, doubleLayerCapacitanceF,
                currentNoiseA, potentialNoiseV, stepLowV, stepHighV, stepPeriodS, caTimeConstantS,
                uncompensatedResistanceOhm);
    }

    public ElectrochemSettings withSampleRate(double hz, int block) {
        return new ElectrochemSettings(enabled, technique, hz, block, scanRateVPerS, lowerVertexV, upperVertexV,
                cycles, cathodicPeakV, anodicPeakV, peakWidthV, peakCurrentA, doubleLayerCapacitanceF, currentNoiseA,
                potentialNoiseV, stepLowV, stepHighV, stepPeriodS, caTimeConstantS, uncompensatedResistanceOhm);
    }

    public ElectrochemSettings withScanRateVPerS(double value) {
        return new ElectrochemSettings(enabled, technique, sampleRateHz, blockSize, value, lowerVertexV,
                upperVertexV, cycles, cathodicPeakV, anodicPeakV, peakWidthV, peakCurrentA, doubleLayerCapacitanceF,
                currentNoiseA, potentialNoiseV, stepLowV, stepHighV, stepPeriodS, caTimeConstantS,
                uncompensatedResistanceOhm);
    }
}
