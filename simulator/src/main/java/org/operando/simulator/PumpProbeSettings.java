package org.operando.simulator;

/**
 * Pump-probe mode (EM instruments only): delays log-spaced from {@code minDelayFs} to {@code maxDelayFs} in
 * {@code delaySteps} steps; at each delay {@code framesPerDelay} pump-on/pump-off pairs (pump on for even frame
 * sequence numbers). In pumped frames a disc region of radius {@code regionRadiusNm} at the EM field centre has its
 * transmitted intensity multiplied by 1 + ΔI(τ), ΔI(τ) = amplitude · (1 − exp(−τ/trueTauS)).
 */
public record PumpProbeSettings(boolean enabled, double minDelayFs, double maxDelayFs, int delaySteps,
                                int framesPerDelay, double trueTauS, double amplitude, double regionRadiusNm) {
    public PumpProbeSettings {
        Check.positive("pumpProbe.minDelayFs", minDelayFs);
        Check.range("pumpProbe.maxDelayFs", maxDelayFs, minDelayFs, 1e12);
        Check.range("pumpProbe.delaySteps", delaySteps, 1, 100_000);
        Check.range("pumpProbe.framesPerDelay", framesPerDelay, 1, 100_000);
        Check.range("pumpProbe.trueTauS", trueTauS, 1e-16, 1e-3);
        Check.range("pumpProbe.amplitude", amplitude, -0.99, 10.0);
        Check.positive("pumpProbe.regionRadiusNm", regionRadiusNm);
    }

    /** Off (frames carry no delay); the parameters are those of {@link #on()}. */
    public static PumpProbeSettings off() {
        return on().withEnabled(false);
    }

    /** 100 fs .. 2 ns in 24 log steps, 4 pairs per delay, τ0 = 20 ps, ΔI_max = +30 %. */
    public static PumpProbeSettings on() {
        return new PumpProbeSettings(true, 100.0, 2e6, 24, 4, 20e-12, 0.3, 150.0);
    }

    public PumpProbeSettings withEnabled(boolean value) {
        return new PumpProbeSettings(value, minDelayFs, maxDelayFs, delaySteps, framesPerDelay, trueTauS, amplitude,
                regionRadiusNm);
    }

    /** Delay (fs) of the frame with this sequence number. */
    public long delayFs(long sequence) {
        long step = (sequence / (2L * framesPerDelay)) % delaySteps;
        double f = delaySteps == 1 ? 0.0 : step / (double) (delaySteps - 1);
        return Math.round(minDelayFs * Math.pow(maxDelayFs / minDelayFs, f));
    }

    /** Whether the pump fired for the frame with this sequence number (even frames). */
    public boolean pumpOn(long sequence) {
        return sequence % 2 == 0;
    }

    /** ΔI(τ) = A · (1 − exp(−τ/τ0)) for a delay in fs. */
    public double response(long delayFs) {
        return amplitude * (1.0 - Math.exp(-delayFs * 1e-15 / trueTauS));
    }
}
