package org.operando.streams.correlation;

import java.util.Arrays;

/**
 * Delay bins [edges[b], edges[b+1]) in seconds, strictly increasing edges.
 */
public record DelayBins(double[] edgesS) {

    public DelayBins {
        if (edgesS == null || edgesS.length < 2) {
            throw new IllegalArgumentException("Need at least 2 bin edges. Got: " + (edgesS == null ? "null" : edgesS.length));
        }
        for (int i = 0; i < edgesS.length; i++) {
            if (!Double.isFinite(edgesS[i]) || (i > 0 && !(edgesS[i] > edgesS[i - 1]))) {
                throw new IllegalArgumentException("Bin edges must be finite and strictly increasing. Got: " + Arrays.toString(edgesS));
            }
        }
        edgesS = edgesS.clone();
    }

    /** {@code bins} bins equally spaced in log τ from minS to maxS (both &gt; 0), e.g. 100 fs .. 1 ns. */
    public static DelayBins logarithmic(double minS, double maxS, int bins) {
        if (!(minS > 0) || !(maxS > minS) || bins < 1) {
            throw new IllegalArgumentException("Logarithmic bins need 0 < minS < maxS and bins >= 1. Got: minS=" + minS
                    + " maxS=" + maxS + " bins=" + bins);
        }
        double[] e = new double[bins + 1];
        double step = Math.log(maxS / minS) / bins;
        for (int i = 0; i <= bins; i++) {
            e[i] = minS * Math.exp(i * step);
        }
        e[bins] = maxS;
        return new DelayBins(e);
    }

    @Override
    public double[] edgesS() {
        return edgesS.clone();
    }

    public int bins() {
        return edgesS.length - 1;
    }

    /** The bin holding delay τ, or −1 when τ lies outside all bins. */
    public int binOf(double delayS) {
        if (!(delayS >= edgesS[0] && delayS < edgesS[edgesS.length - 1])) {
            return -1;
        }
        int i = Arrays.binarySearch(edgesS, delayS);
        return i >= 0 ? i : -i - 2;
    }
}
