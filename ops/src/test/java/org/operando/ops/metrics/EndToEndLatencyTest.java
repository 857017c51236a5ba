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
}
