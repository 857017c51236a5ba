package org.operando.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EndToEndLatencyTest {
    @Test
    void shouldSummarisePercentilesPerInstrumentInMillisecondsWithinHdrPrecision() {
        EndToEndLatency latency = new EndToEndLatency();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        latency.bindTo(registry);
        for (int ms = 1; ms <= 1000; ms++) { // uniform 1..1000 ms: p50 = 500, p99 = 990, max = 1000
            latency.record("em-1", "drift", 10_000, 10_000 + ms);
        }
        latency.record("opt-1", "registration", 5_000, 5_040);

        var summary = latency.summaryMs();
        assertThat(summary.get("em-1").get("p50").doubleValue()).isCloseTo(500, within(0.5));
        assertThat(summary.get("em-1").get("p99").doubleValue()).isCloseTo(990, within(1.0));
        assertThat(summary.get("em-1").get("max").doubleValue()).isCloseTo(1000, within(1.0));
        assertThat(summary.get("em-1").get("count").longValue()).isEqualTo(1000);
        assertThat(summary.get("opt-1").get("p50").doubleValue()).isCloseTo(40, within(0.1));
        Timer timer = registry.get(EndToEndLatency.NAME).tags("instrument", "em-1", "stage", "drift").timer();
        assertThat(timer.count()).isEqualTo(1000);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isCloseTo(500_500, within(1.0));
    }

    @Test
    void shouldRecordNegativeDifferencesAsZeroAndCountThem() {
        EndToEndLatency latency = new EndToEndLatency();
        latency.record("em-1", "drift", 2_000, 1_990);
        assertThat(latency.negative()).isEqualTo(1);
        assertThat(latency.summaryMs().get("em-1").get("max").doubleValue()).isZero();
    }

    private static org.operando.schema.RunStart runStart(String runId, long startMasterNs) {
        return org.operando.schema.RunStart.newBuilder().setRunId(runId).setInstrumentId("timing").setStartMasterTimeNs(startMasterNs)
                .setWallClockEpochNs(startMasterNs).setSpecimen("").setOperator("").setSimulated(true)
                .setInstruments(java.util.List.of()).setTriggerPeriodNs(1_000_000L).setParameters(java.util.Map.of()).build();
    }

    private static org.operando.schema.DriftEstimate drift(String runId, long masterNs) {
        return org.operando.schema.DriftEstimate.newBuilder().setRunId(runId).setInstrumentId("em-1").setSequence(0)
                .setMasterTimeNs(masterNs).setDxPx(0).setDyPx(0).setDxNm(0).setDyNm(0).setRawDxPx(0).setRawDyPx(0).setConfidence(9)
                .setJump(false).setLowConfidence(false).setReferenceSequence(0).build();
    }

    @Test
    void shouldCountFromTheAcquisitionOfTheDataAResultIsAboutNotFromTheRecordThatReleasedIt() {
        EndToEndLatency latency = new EndToEndLatency();
        long startMaster = 1_750_000_000_000_000_000L; // a simulator clock in 2025, far from the wall clock
        long startWallMs = 1_796_000_000_000L;
        latency.runStarted(runStart("run-1", startMaster), startWallMs);
        // a result about master time start + 3.2 s, published by Kafka Streams with a later record's timestamp
        long acquired = latency.acquiredWallMs(drift("run-1", startMaster + 3_200_000_000L), startWallMs + 9_000);
        assertThat(acquired).isEqualTo(startWallMs + 3_200);

        latency.pace(4); // master time ran 4x faster than the wall clock
        assertThat(latency.acquiredWallMs(drift("run-1", startMaster + 3_200_000_000L), 0)).isEqualTo(startWallMs + 800);

        latency.pace(0); // max speed: no acquisition pace, the publish time stands in
        assertThat(latency.acquiredWallMs(drift("run-1", startMaster + 3_200_000_000L), startWallMs + 9_000)).isEqualTo(startWallMs + 9_000);
        latency.pace(1);
        assertThat(latency.acquiredWallMs(drift("run-2", startMaster), 42)).as("no RunStart seen for run-2").isEqualTo(42);
    }

    @Test
    void shouldKeepTheRunsFirstSecondsOutOfTheSteadyState() {
        EndToEndLatency latency = new EndToEndLatency();
        long startMaster = 2_000_000_000_000L;
        long startWallMs = 1_796_000_000_000L;
        latency.runStarted(runStart("run-1", startMaster), startWallMs);
        // acquired 1 s into the run, seen 1.5 s later (the clock fit was still forming)
        latency.observe(drift("run-1", startMaster + 1_000_000_000L), "em-1", "drift", startWallMs + 2_400, startWallMs + 2_500);
        // acquired 6 s into the run, seen 120 ms later
        latency.observe(drift("run-1", startMaster + 6_000_000_000L), "em-1", "drift", startWallMs + 6_100, startWallMs + 6_120);

        assertThat(latency.summaryMs().get("em-1").get("max").doubleValue()).isCloseTo(1_500, within(2.0));
        assertThat(latency.steadySummaryMs().get("em-1").get("count").longValue()).isEqualTo(1);
        assertThat(latency.steadySummaryMs().get("em-1").get("max").doubleValue()).isCloseTo(120, within(0.5));
        assertThat(latency.steadyStageSummaryMs().get("em-1").get("drift").get("count").longValue()).isEqualTo(1);
    }
}
