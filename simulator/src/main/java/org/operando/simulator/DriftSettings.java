package org.operando.simulator;

/**
 * One imaging instrument's drift trajectory, in nm along its image axes:
 * d(t) = v·t + W(t) + Σ_j J_j·(1 − exp(−(t − t_j)/τ_settle))·[t ≥ t_j], with v of magnitude {@code creepNmPerS} in a
 * random direction, W a 2-D random walk with σ = {@code randomWalkNmPerSqrtS}·√Δt per axis, and jumps J_j ~
 * N(0, jumpSizeNm²) per axis at Poisson times of rate {@code jumpsPerS}, each settling with τ_settle.
 */
public record DriftSettings(double creepNmPerS, double randomWalkNmPerSqrtS, double jumpsPerS, double jumpSizeNm,
                            double settleTimeS) {
    public DriftSettings {
        Check.nonNegative("drift.creepNmPerS", creepNmPerS);
        Check.nonNegative("drift.randomWalkNmPerSqrtS", randomWalkNmPerSqrtS);
        Check.range("drift.jumpsPerS", jumpsPerS, 0.0, 10.0);
        Check.nonNegative("drift.jumpSizeNm", jumpSizeNm);
        Check.positive("drift.settleTimeS", settleTimeS);
    }

    /** No drift at all. */
    public static DriftSettings none() {
        return new DriftSettings(0.0, 0.0, 0.0, 0.0, 1.0);
    }

    /** EM: 0.5 nm/s creep, 0.2 nm/√s walk, a 4 nm jump per minute settling in 0.3 s. */
    public static DriftSettings emDefaults() {
        return new DriftSettings(0.5, 0.2, 1.0 / 60.0, 4.0, 0.3);
    }

    /** Optical: 4 nm/s creep, 2 nm/√s walk, a 40 nm jump per two minutes settling in 0.5 s. */
    public static DriftSettings opticalDefaults() {
        return new DriftSettings(4.0, 2.0, 1.0 / 120.0, 40.0, 0.5);
    }
}
