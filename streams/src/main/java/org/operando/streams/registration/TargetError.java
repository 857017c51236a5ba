package org.operando.streams.registration;

/**
 * Predicted target registration error at one point of the EM field.
 *
 * @param location where in the EM field
 * @param xEm      EM pixel x of the target
 * @param yEm      EM pixel y of the target
 * @param treEmPx  predicted TRE, EM pixels (root expected squared error, see {@link AffineFit})
 * @param treNm    the same in nm
 */
public record TargetError(FieldPoint location, double xEm, double yEm, double treEmPx, double treNm) {
    /** The points of the EM field at which TRE is reported. */
    public enum FieldPoint { CENTRE, TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT }

    public TargetError {
        if (location == null) {
            throw new IllegalArgumentException("Target location is required. Got: null");
        }
        if (!(treEmPx >= 0) || !(treNm >= 0)) {
            throw new IllegalArgumentException("TRE must be >= 0. Got: " + treEmPx + " px, " + treNm + " nm");
        }
    }
}
