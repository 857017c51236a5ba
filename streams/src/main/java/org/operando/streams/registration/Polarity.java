package org.operando.streams.registration;

/** Whether a fiducial appears brighter or darker than its surroundings. */
public enum Polarity {
    /** Fluorescent beads; gold in HAADF-STEM or backscatter SEM. */
    BRIGHT,
    /** Gold in bright-field TEM. */
    DARK;

    /** +1 for bright spots, -1 for dark spots: the factor that turns the image into bright-spots-on-dark. */
    double sign() {
        return this == BRIGHT ? 1.0 : -1.0;
    }
}
