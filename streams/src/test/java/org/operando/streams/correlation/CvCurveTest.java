package org.operando.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CvCurveTest {

    private static final double LOW = -0.2;
    private static final double HIGH = 0.8;
    private static final double RATE = 0.1; // V/s, so one sweep takes 10 s and one cycle 20 s

    /** Triangular CV starting at {@code start} going up; potential at time t. */
    private static double triangle(double start, double t) {
        double range = HIGH - LOW;
        double phase = (start - LOW) + RATE * t; // distance travelled from LOW along the zig-zag
        double m = phase % (2 * range);
        return m <= range ? LOW + m : HIGH - (m - range);
    }

    private static TimeSeries potential(double start, double durationS, double noiseV, Random rnd) {
        int n = (int) Math.round(durationS * 100) + 1;
        double[] t = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 0.01;
            e[i] = triangle(start, t[i]) + noiseV * rnd.nextGaussian();
        }
        return new TimeSeries(t, e);
    }

    @Test
    void shouldCountThreeCyclesAndFindVerticesOfTriangleStartingAtLowerVertex() {
        CvWaveform w = CvWaveform.analyse(potential(LOW, 60, 0.001, new Random(1)), 0.02);

        assertThat(w.initialDirection()).isEqualTo(1);
        assertThat(w.vertexTimesS()).hasSize(5);
        double[] expected = {10, 20, 30, 40, 50};
        for (int i = 0; i < 5; i++) {
            assertThat(w.vertexTimesS()[i]).isCloseTo(expected[i], within(0.1));
        }
        assertThat(w.completeCycles()).isEqualTo(3);
        assertThat(w.cyclesStarted()).isEqualTo(3);
        assertThat(w.cycleStartTimesS()[1]).isCloseTo(20, within(0.2));
        assertThat(w.cycleStartTimesS()[2]).isCloseTo(40, within(0.2));
    }

    @Test
    void shouldStartNewCycleWhenPotentialRecrossesMidRangeStart() {
        // 0.3 V -> 0.8 -> -0.2 -> 0.3: one cycle every 20 s, two and a quarter cycles recorded
        CvWaveform w = CvWaveform.analyse(potential(0.3, 45, 0.001, new Random(2)), 0.02);

        assertThat(w.vertexTimesS()).hasSize(4);
        assertThat(w.vertexTimesS()[0]).isCloseTo(5, within(0.1));
        assertThat(w.vertexTimesS()[1]).isCloseTo(15, within(0.1));
        assertThat(w.cyclesStarted()).isEqualTo(3);
        assertThat(w.cycleStartTimesS()[1]).isCloseTo(20.1, within(0.15)); // E_s + h/2 reached 0.1 s later
        assertThat(w.completeCycles()).isEqualTo(2);
        assertThat(w.directionAt(4.0)).isEqualTo(1);
        assertThat(w.directionAt(6.0)).isEqualTo(-1);
        assertThat(w.cycleAt(19.0)).isZero();
        assertThat(w.cycleAt(44.0)).isEqualTo(2);
    }

    @Test
    void shouldSeparateAnodicAndCathodicBranchesPerCycle() {
        Random rnd = new Random(3);
        TimeSeries e = potential(LOW, 60, 0.001, rnd);
        // a feature with hysteresis: E + 1 while sweeping up, E - 1 while sweeping down, at 2 frames/s
        int frames = 120;
        double[] ft = new double[frames];
        double[] fv = new double[frames];
        for (int j = 0; j < frames; j++) {
            ft[j] = 0.25 + 0.5 * j;
            boolean up = ((int) Math.floor(ft[j] / 10)) % 2 == 0;
            fv[j] = triangle(LOW, ft[j]) + (up ? 1 : -1);
        }
        CvBinning bins = new CvBinning(LOW, HIGH, 10);

        CvCurve curve = CvCurve.of(e, new TimeSeries(ft, fv), bins, 0.02);

        assertThat(curve.cycles()).hasSize(3);
        assertThat(curve.completeCycles()).isEqualTo(3);
        assertThat(curve.skipped()).isZero();
        for (CvCycle c : curve.cycles()) {
            assertThat(c.anodic().samples()).isEqualTo(20);
            assertThat(c.cathodic().samples()).isEqualTo(20);
            for (int b = 0; b < bins.bins(); b++) {
                assertThat(c.anodic().counts()[b]).isEqualTo(2);
                assertThat(c.anodic().mean(b).orElseThrow()).isCloseTo(bins.centreV(b) + 1, within(0.03));
                assertThat(c.cathodic().mean(b).orElseThrow()).isCloseTo(bins.centreV(b) - 1, within(0.03));
            }
        }
    }

    @Test
    void shouldMarkTruncatedLastCycleIncomplete() {
        TimeSeries e = potential(LOW, 50, 0.001, new Random(4));
        TimeSeries f = new TimeSeries(new double[] {1, 49, 70}, new double[] {1, 2, 3});

        CvCurve curve = CvCurve.of(e, f, new CvBinning(LOW, HIGH, 5), 0.02);

        assertThat(curve.cycles()).hasSize(3);
        assertThat(curve.cycles().get(2).complete()).isFalse();
        assertThat(curve.completeCycles()).isEqualTo(2);
        assertThat(curve.skipped()).as("sample at 70 s lies after the potential record").isEqualTo(1);
    }

    @Test
    void shouldNotMistakeNoiseBelowHysteresisForVertices() {
        CvWaveform w = CvWaveform.analyse(potential(LOW, 60, 0.004, new Random(5)), 0.03);

        assertThat(w.vertexTimesS()).hasSize(5);
    }

    @Test
    void shouldRejectPotentialThatNeverSweeps() {
        TimeSeries flat = new TimeSeries(new double[] {0, 1, 2}, new double[] {0.1, 0.1001, 0.1});

        assertThatThrownBy(() -> CvWaveform.analyse(flat, 0.01)).isInstanceOf(NotEnoughDataException.class);
    }
}
