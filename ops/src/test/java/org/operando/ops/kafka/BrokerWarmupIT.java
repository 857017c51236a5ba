package org.operando.ops.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BrokerWarmupIT {
    @Test
    @Timeout(120)
    void shouldReadBackEveryCommittedRecordAndLeaveNoTopicBehind() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            int read = BrokerWarmup.run(kafka.bootstrapServers(), Duration.ofSeconds(60));
            assertThat(read).isEqualTo(BrokerWarmup.TRANSACTIONS * BrokerWarmup.RECORDS_PER_TRANSACTION);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(BrokerWarmup.TOPIC);
            }
        }
    }
}
