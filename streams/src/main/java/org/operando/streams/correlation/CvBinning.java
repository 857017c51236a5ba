package org.operando.streams.correlation;

/**
 * Equal-width potential bins [minV + b·w, minV + (b+1)·w), w = (maxV − minV)/bins.
 */
public record CvBinning(double minV, double maxV, int bins) {

    public CvBinning {
        if (!Double.isFinite(minV) || !Double.isFinite(maxV) || !(maxV > minV)) {
            throw new IllegalArgumentException("Potential range must be finite with maxV > minV. Got: [" + minV + ", " + maxV + "]");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("Need at least 1 potential bin. Got: " + bins);
        }
    }

    public double widthV() {
        return (maxV - minV) / bins;
    }

    public double centreV(int bin) {
        return minV + (bin + 0.5) * widthV();
    }

    /** Bin of potential e, or −1 when outside [minV, maxV). */
    public int binOf(double e) {
        if (!(e >= minV && e < maxV)) {
            return -1;
        }
        return Math.min(bins - 1, (int) ((e - minV) / widthV()));
    }
}
