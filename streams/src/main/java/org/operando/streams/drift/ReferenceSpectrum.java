package org.operando.streams.drift;

/**
 * The cached Fourier transform of a windowed, mean-subtracted reference frame, made by
 * {@link PhaseCorrelator#reference(float[])} and reused for every moving frame so that each frame
 * costs one forward and one inverse FFT. Immutable: the spectrum is never handed out.
 */
public final class ReferenceSpectrum {

    private final int width;
    private final int height;
    /** Half spectrum (Hermitian), row-major, interleaved (re, im), height × (width/2 + 1) complex values. */
    private final double[] spectrum;
    private final boolean featureless;

    ReferenceSpectrum(int width, int height, double[] spectrum, boolean featureless) {
        this.width = width;
        this.height = height;
        this.spectrum = spectrum;
        this.featureless = featureless;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** True when the reference frame was constant (blank or saturated): nothing can register to it. */
    public boolean featureless() {
        return featureless;
    }

    double[] spectrum() {
        return spectrum;
    }
}
