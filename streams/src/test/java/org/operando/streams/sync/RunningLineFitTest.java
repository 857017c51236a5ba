package org.operando.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunningLineFitTest {
    /** Points like a clock fit's over a 10 h run: u up to 3.6e13 ns, v = 50 ppm of u plus 1 µs noise. */
    private static List<long[]> points(Random random, int n) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long u = (long) (random.nextDouble() * 3.6e13);
            out.add(new long[] {u, Math.round(50e-6 * u + 1_000 * random.nextGaussian()) - 7_000_000});
        }
        return out;
    }

    @Test
    void shouldGiveBitIdenticalResultsWhateverTheOrderOfThePoints() {
        List<long[]> pts = points(new Random(1), 5_000);
        RunningLineFit a = new RunningLineFit();
        pts.forEach(p -> a.add(p[0], p[1]));
        Collections.shuffle(pts, new Random(2));
        RunningLineFit b = new RunningLineFit();
        pts.forEach(p -> b.add(p[0], p[1]));
        assertThat(b.sums()).containsExactly(a.sums());
        assertThat(b.valueAt(a.roundedMeanU())).isEqualTo(a.valueAt(a.roundedMeanU()));
        assertThat(Double.doubleToRawLongBits(b.slope())).isEqualTo(Double.doubleToRawLongBits(a.slope()));
        assertThat(Double.doubleToRawLongBits(b.residualSigma())).isEqualTo(Double.doubleToRawLongBits(a.residualSigma()));
    }

    @Test
    void shouldMatchADirectLeastSquaresFitAndUndoRemovalsExactly() {
        List<long[]> pts = points(new Random(3), 2_000);
        RunningLineFit fit = new RunningLineFit();
        pts.forEach(p -> fit.add(p[0], p[1]));
        long[] before = fit.sums();
        long[] extra = {123_456_789_012L, -5_000_000L};
        fit.add(extra[0], extra[1]);
        fit.remove(extra[0], extra[1]);
        assertThat(fit.sums()).as("add then remove restores the sums exactly").containsExactly(before);

        double mu = pts.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double mv = pts.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double suu = 0;
        double suv = 0;
        for (long[] p : pts) {
            suu += (p[0] - mu) * (p[0] - mu);
            suv += (p[0] - mu) * (p[1] - mv);
        }
        assertThat(fit.slope()).isCloseTo(suv / suu, within(1e-12));
        assertThat(fit.slope()).isCloseTo(50e-6, within(1e-9));
        assertThat(fit.residualSigma()).isCloseTo(1_000, within(50.0));
        long at = fit.roundedMeanU();
        RunningLineFit.LineValue v = fit.valueAt(at);
        assertThat(v.whole() + v.fraction()).isCloseTo(mv + suv / suu * (at - mu), within(1e-3));
        assertThat(Math.abs(v.fraction())).isLessThanOrEqualTo(0.5);
    }
}
