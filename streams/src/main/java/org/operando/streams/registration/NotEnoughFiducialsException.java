package org.operando.streams.registration;

/** Thrown when fewer fiducial pairs (or RANSAC inliers) are available than an affine fit needs (three). */
public final class NotEnoughFiducialsException extends RegistrationException {
    private static final long serialVersionUID = 1L;
    private final int available;
    private final int required;

    public NotEnoughFiducialsException(int available, int required, String what) {
        super("Need at least " + required + " " + what + " for an affine fit. Got: " + available);
        this.available = available;
        this.required = required;
    }

    public int available() {
        return available;
    }

    public int required() {
        return required;
    }
}
