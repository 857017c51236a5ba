package org.operando.streams.drift;

/**
 * One axis of the drift trajectory as a constant-velocity Kalman filter: state (position p,
 * velocity v) in pixels and pixels per frame, covariance [[p00, p01], [p01, p11]].
 *
 * <p>Prediction over Δ frames: p ← p + vΔ, P ← F P Fᵀ + Q with F = [[1, Δ], [0, 1]] and
 * Q = σ<sub>a</sub>² [[Δ³/3, Δ²/2], [Δ²/2, Δ]] + [[σ<sub>w</sub>² Δ, 0], [0, 0]] (white
 * acceleration σ<sub>a</sub> for smooth creep plus a position random walk σ<sub>w</sub> for
 * thermal jitter). Update with a position measurement z of variance r: innovation ν = z − p,
 * S = p00 + r, gain K = (p00, p01)/S. Immutable; every step returns a new value.
 */
record ConstantVelocityAxis(double position, double velocity, double p00, double p01, double p11) {

    ConstantVelocityAxis {
        if (!Double.isFinite(position) || !Double.isFinite(velocity)) {
            throw new IllegalArgumentException("Kalman state must be finite. Got: p=" + position + ", v=" + velocity);
        }
        if (!(p00 >= 0) || !(p11 >= 0)) {
            throw new IllegalArgumentException("Kalman variances must be >= 0. Got: p00=" + p00 + ", p11=" + p11);
        }
    }

    /** Starts at a measured position with unknown velocity (variance {@code velocityVariance}). */
    static ConstantVelocityAxis start(double position, double positionVariance, double velocityVariance) {
        return new ConstantVelocityAxis(position, 0, positionVariance, 0, velocityVariance);
    }

    ConstantVelocityAxis predict(double frames, double accelerationSigma, double randomWalkSigma) {
        double d = frames;
        double qa = accelerationSigma * accelerationSigma;
        double n00 = p00 + 2 * d * p01 + d * d * p11 + qa * d * d * d / 3 + randomWalkSigma * randomWalkSigma * d;
        double n01 = p01 + d * p11 + qa * d * d / 2;
        double n11 = p11 + qa * d;
        return new ConstantVelocityAxis(position + velocity * d, velocity, n00, n01, n11);
    }

    double innovation(double measurement) {
        return measurement - position;
    }

    double innovationVariance(double measurementVariance) {
        return p00 + measurementVariance;
    }

    ConstantVelocityAxis update(double measurement, double measurementVariance) {
        double s = innovationVariance(measurementVariance);
        double k0 = p00 / s;
        double k1 = p01 / s;
        double nu = innovation(measurement);
        return new ConstantVelocityAxis(position + k0 * nu, velocity + k1 * nu,
                (1 - k0) * p00, (1 - k0) * p01, Math.max(0, p11 - k1 * p01));
    }

    /** After a jump: position taken from the measurement, velocity kept, their correlation dropped. */
    ConstantVelocityAxis resetTo(double measurement, double measurementVariance) {
        return new ConstantVelocityAxis(measurement, velocity, measurementVariance, 0, p11);
    }
}
