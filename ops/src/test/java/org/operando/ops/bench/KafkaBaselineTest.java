package org.operando.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KafkaBaselineTest {
    @Test
    void shouldReadConsumerPerformanceFetchRateInMegabytes() {
        String output = """
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                2026-12-01 08:53:00:000, 2026-12-01 08:53:05:000, 500.0000, 100.0000, 1000, 200.0000, 3000, 2000, 250.0000, 500.0000
                """;
        // 250 MiB/s = 262.144 MB/s
        assertThat(KafkaBaseline.consumerMBps(output)).isCloseTo(262.144, within(1e-9));
    }

    @Test
    void shouldGiveNaNWithoutASummaryLine() {
        assertThat(KafkaBaseline.consumerMBps("WARNING: Exiting before consuming the expected number of messages")).isNaN();
    }
}
