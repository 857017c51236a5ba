package org.operando.simulator;

/** What kind of instrument made a record. Frames are only {@link #EM} or {@link #OPTICAL}. */
public enum Modality {
    /** Electron microscope (TEM/SEM/ultrafast EM): bright-field images, u16. */
    EM,
    /** Fluorescence microscope camera: u16 images. */
    OPTICAL,
    /** Potentiostat: blocks of (potential, current) samples. */
    ELECTROCHEM,
    /** The timing generator whose clock is the master clock. */
    TIMING;

    /** Whether instruments of this modality produce images. */
    public boolean isImaging() {
        return this == EM || this == OPTICAL;
    }
}
