package org.operando.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

class ClockRecoveryTest {
    private static final long DURATION_NS = 120_000_000_000L;

    /** Default clocks; imaging at 0.1 frames/s so that the test spends its time on triggers. */
    private static Simulation simulation() {
        SimulationSettings d = SimulationSettings.defaults();
        return Simulation.create(d.withEm(d.em().withFramesPerSecond(0.1))
                .withOptical(d.optical().withFramesPerSecond(0.1)).withDurationNs(DURATION_NS));
    }

    private static Map<String, List<TriggerEvent>> triggers(Simulation sim) {
        Map<String, List<TriggerEvent>> out = new HashMap<>();
        while (sim.hasNext()) {
            if (sim.next() instanceof TriggerEvent t) {
                out.computeIfAbsent(t.instrumentId(), k -> new ArrayList<>()).add(t);
            }
        }
        return out;
    }

    @Test
    void shouldRecoverOffsetAndSkewFromTruePairedMarksWithinStatisticalLimit() {
        Simulation sim = simulation();
        Map<String, List<TriggerEvent>> marks = triggers(sim);
        Map<Long, Long> masterByEdge = new HashMap<>();
        marks.get("timing").forEach(t -> masterByEdge.put(t.trueEdgeIndex(), t.instrumentTimeNs()));
        double jitter = sim.settings().clocks().jitterNs();

        for (String id : List.of("em-1", "opt-1", "pstat-1")) {
            ClockTruth truth = sim.clockTruth(id);
            List<TriggerEvent> real = marks.get(id).stream().filter(t -> !t.isSpurious()).toList();
            long i0 = real.get(0).instrumentTimeNs();
            long m0 = masterByEdge.get(real.get(0).trueEdgeIndex());
            // fit master − instrument (centred, ns) against instrument time (s): y = b·x·1e9 + c. Fitting master
            // against instrument directly would lose the 1 µs residuals to cancellation in the regression sums.
            SimpleRegression fit = new SimpleRegression();
            for (TriggerEvent t : real) {
                long dx = t.instrumentTimeNs() - i0;
                long dy = masterByEdge.get(t.trueEdgeIndex()) - m0;
                fit.addData(dx * 1e-9, (double) (dy - dx));
            }
            double n = fit.getN();
            double spreadS = Math.sqrt(fit.getXSumSquares() / n);
            double skewSigma = jitter * 1e-9 / (Math.sqrt(n) * spreadS);
            double skew = fit.getSlope() * 1e-9;
            double xMean = meanX(real, i0);
            long centreInstr = i0 + Math.round(xMean * 1e9);
            long fitted = m0 + (centreInstr - i0) + Math.round(fit.predict(xMean));

            assertThat(skew).as(id + " skew").isCloseTo(truth.skew(), within(5 * skewSigma));
            assertThat(fit.getSlopeStdErr() * 1e-9).as(id + " slope error reflects the 1 us jitter")
                    .isCloseTo(skewSigma, within(0.2 * skewSigma));
            assertThat((double) (fitted - truth.masterFromInstrument(centreInstr))).as(id + " master at centre, ns")
                    .isCloseTo(0.0, within(5 * jitter / Math.sqrt(n)));
            // the offset a (master at instrument 0) is an extrapolation over |i0|: its error grows as σ_b·|i0|
            double aFitted = m0 - i0 + fit.predict(-i0 * 1e-9);
            assertThat(aFitted - truth.offsetNs()).as(id + " offset a, ns")
                    .isCloseTo(0.0, within(5 * skewSigma * Math.abs((double) i0) + 5 * jitter));
        }
    }

    private static double meanX(List<TriggerEvent> real, long i0) {
        return real.stream().mapToDouble(t -> (t.instrumentTimeNs() - i0) * 1e-9).average().orElseThrow();
    }

    @Test
    void shouldMissAndAddAboutOnePercentOfEdges() {
        Simulation sim = simulation();
        Map<String, List<TriggerEvent>> marks = triggers(sim);
        long edges = marks.get("timing").size();

        assertThat(edges).isEqualTo(DURATION_NS / sim.settings().triggerPeriodNs());
        for (String id : List.of("em-1", "opt-1", "pstat-1")) {
            long real = marks.get(id).stream().filter(t -> !t.isSpurious()).count();
            long spurious = marks.get(id).size() - real;
            // 1 % of 1200 edges = 12 ± 3.5 (binomial/Poisson); 4σ bounds
            assertThat(edges - real).as(id + " missed").isBetween(0L, 26L);
            assertThat(spurious).as(id + " spurious").isBetween(0L, 26L);
            assertThat(edges - real + spurious).as(id + " missed + spurious").isGreaterThan(5L);
        }
    }

    @Test
    void shouldConvertMasterToInstrumentTimeExactlyAtEpochScale() {
        ClockTruth clock = new ClockTruth(1_763_760_000_123_456_789L, 4.2e-5);
        long master = SimulationSettings.DEFAULT_MASTER_START_NS + 3_600_000_000_000L;

        long instrument = clock.instrumentFromMaster(master);

        assertThat(clock.masterFromInstrument(instrument)).isCloseTo(master, within(1L));
        // independent check with BigDecimal: (master − a)/(1 + b)
        java.math.BigDecimal exact = java.math.BigDecimal.valueOf(master - clock.offsetNs())
                .divide(java.math.BigDecimal.valueOf(1.0 + clock.skew()), java.math.MathContext.DECIMAL128);
        assertThat((double) instrument).isCloseTo(exact.doubleValue(), within(1.0));
    }
}
