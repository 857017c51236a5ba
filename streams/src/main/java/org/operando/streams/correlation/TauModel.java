package org.operando.streams.correlation;

/**
 * Shape of the pump-induced change ΔI(τ) with onset at τ = 0 (ΔI = C for τ ≤ 0):
 * {@link #RISE} ΔI = C + A·(1 − exp(−τ/τ₀)), {@link #DECAY} ΔI = C + A·exp(−τ/τ₀), for τ &gt; 0.
 */
public enum TauModel {
    RISE,
    DECAY;

    /** The unit-amplitude shape g(τ; τ₀) (0 for τ ≤ 0). */
    double shape(double tau, double tau0) {
        if (tau <= 0) {
            return 0;
        }
        double e = Math.exp(-tau / tau0);
        return this == RISE ? 1 - e : e;
    }

    /** τ₀·∂g/∂τ₀, the derivative with respect to ln τ₀. */
    double shapeDerivativeLogTau0(double tau, double tau0) {
        if (tau <= 0) {
            return 0;
        }
        double d = Math.exp(-tau / tau0) * tau / tau0;
        return this == RISE ? -d : d;
    }
}
