package org.operando.streams.correlation;

import java.util.ArrayList;
import java.util.List;

/**
 * A CV-resolved feature curve: an image feature (ROI intensity, particle area) against electrode
 * potential, one curve per cycle, anodic and cathodic branches apart, averaged per potential bin.
 *
 * <p>For every feature sample at master time t inside the potential record: E(t) is the potential
 * linearly interpolated at t, the branch is the sweep direction of the {@link CvWaveform} at t, the
 * cycle is the waveform's cycle at t, and the sample is added to bin {@code binning.binOf(E(t))}.
 * Samples outside the record or the binning range are counted in {@code skipped}. Cost
 * O(n_E + n_f·log n_E).
 *
 * @param binning  the potential bins
 * @param waveform vertices and cycles of the potential
 * @param cycles   one entry per cycle begun, in order
 * @param skipped  feature samples that fell outside the potential record or bin range
 */
public record CvCurve(CvBinning binning, CvWaveform waveform, List<CvCycle> cycles, int skipped) {

    public CvCurve {
        cycles = List.copyOf(cycles);
    }

    /**
     * Builds the curves.
     *
     * @param potential   potential (V) vs master time (s)
     * @param feature     feature values vs master time (s), e.g. one per EM frame
     * @param binning     potential bins
     * @param hysteresisV reversal that marks a vertex (see {@link CvWaveform#analyse})
     */
    public static CvCurve of(TimeSeries potential, TimeSeries feature, CvBinning binning, double hysteresisV) {
        CvWaveform wave = CvWaveform.analyse(potential, hysteresisV);
        int cycles = wave.cyclesStarted();
        int bins = binning.bins();
        double[][][] sums = new double[cycles][2][bins];
        int[][][] counts = new int[cycles][2][bins];
        double[] ft = feature.timeS();
        double[] fv = feature.values();
        int skipped = 0;
        for (int j = 0; j < ft.length; j++) {
            double t = ft[j];
            if (t < potential.startS() || t > potential.endS()) {
                skipped++;
                continue;
            }
            int bin = binning.binOf(potential.interpolate(t));
            if (bin < 0) {
                skipped++;
                continue;
            }
            int c = wave.cycleAt(t);
            int branch = wave.directionAt(t) > 0 ? 0 : 1;
            sums[c][branch][bin] += fv[j];
            counts[c][branch][bin]++;
        }
        double[] starts = wave.cycleStartTimesS();
        List<CvCycle> out = new ArrayList<>(cycles);
        for (int c = 0; c < cycles; c++) {
            out.add(new CvCycle(c, starts[c], c < wave.completeCycles(),
                    new CvBranch(sums[c][0], counts[c][0]), new CvBranch(sums[c][1], counts[c][1])));
        }
        return new CvCurve(binning, wave, out, skipped);
    }

    /** Number of complete cycles. */
    public int completeCycles() {
        return waveform.completeCycles();
    }
}
