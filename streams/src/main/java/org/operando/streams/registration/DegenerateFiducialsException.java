package org.operando.streams.registration;

/**
 * Thrown when the fiducials are (nearly) collinear, so that the affine map is not determined in the direction
 * perpendicular to the line: the condition number of the centred fiducial coordinates exceeds the allowed maximum.
 */
public final class DegenerateFiducialsException extends RegistrationException {
    private static final long serialVersionUID = 1L;
    private final double conditionNumber;

    public DegenerateFiducialsException(double conditionNumber, double maxConditionNumber) {
        super("Fiducials are (nearly) collinear: condition number of their centred coordinates is "
                + conditionNumber + ", expected at most " + maxConditionNumber);
        this.conditionNumber = conditionNumber;
    }

    public double conditionNumber() {
        return conditionNumber;
    }
}
