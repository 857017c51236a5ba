package org.operando.ops.pipeline;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.operando.producers.Acquired;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

/** Feeds records as a producer publishes them (ground truth left out) into a TopologyTestDriver, in the given order. */
public final class TopologyFeed {
    private TopologyFeed() {
    }

    public static void pipe(TopologyTestDriver driver, List<Acquired> records) {
        Map<String, TestInputTopic<String, byte[]>> inputs = new TreeMap<>();
        for (Acquired a : records) {
            if (a.topic().equals(Topics.GROUND_TRUTH)) {
                continue;
            }
            var headers = new RecordHeaders();
            org.operando.schemas.RecordHeaders.setInstrument(headers, a.instrumentId());
            byte[] value = a.encodedBytes() != null ? a.encodedBytes() : SchemaRegistry.get().encode(a.record());
            inputs.computeIfAbsent(a.topic(), t -> driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()))
                    .pipeInput(new TestRecord<>(a.runId(), value, headers));
        }
    }
}
