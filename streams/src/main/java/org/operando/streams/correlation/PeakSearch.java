package org.operando.streams.correlation;

/** Which extremum of the correlation function defines the lag. */
public enum PeakSearch {
    /** Largest positive correlation (the response rises with the stimulus). */
    POSITIVE,
    /** Most negative correlation (e.g. particle area shrinking while anodic current flows). */
    NEGATIVE,
    /** Largest |r|, keeping its sign in the result. */
    STRONGEST
}
