package org.operando.streams.sync;

/**
 * Thrown when an instrument time is asked to be put on the master clock but no clock model can be
 * fitted yet: the bootstrap has not found a consistent pairing of instrument marks with master edges,
 * or fewer marks than {@link ClockSyncSettings#minMarksForModel()} are in the fit window.
 *
 * <p>This is a domain condition (the instrument has not been synchronised yet), not a programming
 * error: a streaming stage should hold or flag the frame, never use a NaN time.
 */
public final class ClockNotSyncedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int marksAvailable;
    private final int marksRequired;

    public ClockNotSyncedException(int marksAvailable, int marksRequired) {
        super("Clock not synchronised: " + marksAvailable + " paired trigger marks in the fit window, at least "
                + marksRequired + " required");
        this.marksAvailable = marksAvailable;
        this.marksRequired = marksRequired;
    }

    /** Paired marks available in the fit window when the model was asked for. */
    public int marksAvailable() {
        return marksAvailable;
    }

    /** Paired marks the settings require before a model is returned. */
    public int marksRequired() {
        return marksRequired;
    }
}
