package org.operando.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.operando.producers.sim.SimulatorSource;
import org.operando.simulator.FaultSettings;
import org.operando.simulator.Profile;
import org.operando.simulator.Simulation;
import org.operando.simulator.SimulationSettings;

/** The demo pipeline on the embedded broker with the real simulator, including malformed records. */
class DemoPipelineIT {
    @Test
    @Timeout(240)
    void shouldAccountForEveryRecordOfEveryStreamWithMalformedRecordsDeadLettered() throws Exception {
        SimulationSettings settings = Profile.byName("default").settings().withDurationNs(Duration.ofSeconds(6).toNanos());
        FaultSettings f = FaultSettings.none();
        settings = settings.withFaults(new FaultSettings(f.burstsPerS(), f.burstDurationS(), f.gapsPerS(), f.gapDurationS(),
                f.duplicateFraction(), f.reorderFraction(), f.reorderWindowS(), f.lateFraction(), f.lateDelayS(), 0.05));
        SimulationSettings finalSettings = settings;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Demo.Settings demo = new Demo.Settings(null, 2, (short) 1,
                new Pipeline.Options(Duration.ofSeconds(6), 0, Duration.ofSeconds(2), Duration.ofSeconds(120)),
                "operando-demo-it", Map.of());
        RunSummary summary = Demo.run(demo, "run-it", bootstrap -> new SimulatorSource(Simulation.create(finalSettings), "run-it"),
                new PrintStream(log, true), new AtomicBoolean());

        var streams = summary.json().get("streams");
        assertThat(streams.size()).as(log.toString()).isEqualTo(4);
        long dead = 0;
        for (String id : new String[] {"em-1", "opt-1", "pstat-1", "timing"}) {
            var s = streams.get(id);
            assertThat(s).as(id + " in " + streams).isNotNull();
            assertThat(s.get("produced").asLong()).as(id).isPositive();
            assertThat(s.get("processed").asLong() + s.get("deadLettered").asLong()).as(id + " accounted for")
                    .isEqualTo(s.get("produced").asLong());
            dead += s.get("deadLettered").asLong();
        }
        assertThat(dead).as("5 %% malformed records dead-lettered").isPositive();
        assertThat(streams.get("em-1").get("modality").asText()).isEqualTo("EM");
        assertThat(streams.get("opt-1").get("modality").asText()).isEqualTo("OPTICAL");
        assertThat(streams.get("pstat-1").get("modality").asText()).isEqualTo("ELECTROCHEM");
        assertThat(summary.json().get("throughput").get("framesPerS").asDouble()).isPositive();
        assertThat(log.toString()).contains("(final)");

        // the stages ran on the broker and score themselves against the simulator's ground truth
        var sync = summary.json().get("sync");
        assertThat(sync).as("sync section").isNotNull();
        assertThat(sync.get("emWindows").asInt()).isGreaterThan(10);
        assertThat(sync.get("matchedFraction").asDouble()).isGreaterThanOrEqualTo(0.9);
        var em = sync.get("instruments").get("em-1");
        assertThat(em.get("rmsErrorNs").asDouble()).as("restamped EM frames within 1.5x the bound")
                .isLessThan(1.5 * em.get("boundNs").asDouble());
        var drift = summary.json().get("drift").get("em-1");
        assertThat(drift.get("frames").asInt()).isGreaterThan(10);
        assertThat(drift.get("rmsErrorPx").asDouble()).isLessThan(0.1);
    }

}
