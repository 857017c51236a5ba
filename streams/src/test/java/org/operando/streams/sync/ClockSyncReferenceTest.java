package org.operando.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

/**
 * The online fit against commons-math's {@link SimpleRegression} on the same clean pairs. The reference
 * regresses {@code (m − m0) − (x − x0)} on {@code x − x0} (exact in long arithmetic): regressing raw
 * master times of 1e11 ns loses the residual variance to cancellation in double (≈10 % here), which
 * would make the reference, not the kernel, the thing under test. Its slope is then b itself.
 */
class ClockSyncReferenceTest {

    private static void assertAgrees(ClockSync sync, SimpleRegression reg, long x0, long m0, long[] probes) {
        ClockModel model = sync.requireModel();
        assertThat((long) model.marksUsed()).isEqualTo(reg.getN());
        assertThat(model.skew()).isCloseTo(reg.getSlope(), within(1e-12));
        assertThat(model.residualSigmaNs()).isCloseTo(Math.sqrt(reg.getMeanSquareError()), within(1e-3));
        assertThat(Math.sqrt(model.skewVariance())).isCloseTo(reg.getSlopeStdErr(), within(1e-15));
        for (long x : probes) {
            double ours = (model.referenceMasterNs() - m0) + model.predictRelativeNs(x);
            assertThat(ours).as("master at instrument %d", x).isCloseTo(reg.predict(x - x0) + (x - x0), within(0.01));
            long rounded = sync.toMaster(x).masterTimeNs() - m0;
            assertThat((double) rounded).isCloseTo(reg.predict(x - x0) + (x - x0), within(0.51));
        }
    }

    @Test
    void shouldAgreeWithSimpleRegressionOverAllMarks() {
        SyntheticTriggerStreams gen = new SyntheticTriggerStreams(SyntheticTriggerStreams.Params.typical(21));
        ClockSync sync = new ClockSync(ClockSyncSettings.defaults());
        gen.feed(sync);
        long x0 = gen.params.instrumentStartNs();
        long m0 = gen.params.masterStartNs();
        SimpleRegression reg = new SimpleRegression();
        for (Map.Entry<Long, Long> pair : gen.trueEdgeOfMark.entrySet()) {
            reg.addData(pair.getKey() - x0, (pair.getValue() - m0) - (pair.getKey() - x0));
        }
        assertAgrees(sync, reg, x0, m0, new long[] {x0, x0 + 60_000_000_000L, x0 + 125_000_000_000L});
    }

    @Test
    void shouldAgreeWithSimpleRegressionOnTheLastMarksAfterManyRemovals() {
        SyntheticTriggerStreams gen = new SyntheticTriggerStreams(SyntheticTriggerStreams.Params.typical(23));
        ClockSync sync = new ClockSync(ClockSyncSettings.defaults().withWindow(FitWindow.lastMarks(30)));
        gen.feed(sync);
        long x0 = gen.params.instrumentStartNs();
        long m0 = gen.params.masterStartNs();
        SimpleRegression reg = new SimpleRegression();
        for (int i = 0; i < sync.window.size(); i++) {
            long x = sync.window.x(i);
            assertThat(gen.trueEdgeOfMark.get(x)).isEqualTo(sync.window.m(i));
            reg.addData(x - x0, (sync.window.m(i) - m0) - (x - x0));
        }
        assertThat(reg.getN()).isEqualTo(30);
        long end = sync.requireModel().windowEndInstrumentNs();
        assertAgrees(sync, reg, x0, m0, new long[] {end, end + 100_000_000L, end - 2_000_000_000L});
    }

    @Test
    void shouldAgreeWithSimpleRegressionOnTheLastSecondsWindow() {
        SyntheticTriggerStreams gen = new SyntheticTriggerStreams(SyntheticTriggerStreams.Params.typical(25));
        ClockSync sync = new ClockSync(ClockSyncSettings.defaults().withWindow(FitWindow.lastDuration(5_000_000_000L)));
        gen.feed(sync);
        long x0 = gen.params.instrumentStartNs();
        long m0 = gen.params.masterStartNs();
        long end = sync.requireModel().windowEndInstrumentNs();
        SimpleRegression reg = new SimpleRegression();
        for (Map.Entry<Long, Long> pair : gen.trueEdgeOfMark.entrySet()) {
            if (pair.getKey() >= end - 5_000_000_000L && pair.getKey() <= end) {
                reg.addData(pair.getKey() - x0, (pair.getValue() - m0) - (pair.getKey() - x0));
            }
        }
        assertThat(reg.getN()).isBetween(45L, 51L);
        assertAgrees(sync, reg, x0, m0, new long[] {end, end - 4_000_000_000L});
    }
}
