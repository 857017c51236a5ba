package org.operando.ops.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;


/** Consumer lag of a Streams application on the input topics: records written but not yet committed as processed. */
public final class LagMonitor implements AutoCloseable {
    private final Admin admin;
    private final String groupId;
    private final java.util.List<String> topics;

    public LagMonitor(Map<String, Object> clientConfig, String groupId, java.util.List<String> topics) {
        this.topics = topics;
        this.admin = Admin.create(clientConfig);
        this.groupId = groupId;
    }

    /** Total lag over the input topics, or -1 when it cannot be read right now. */
    public long lag() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            long total = 0;
            for (var e : admin.listOffsets(request).all().get(5, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                total += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
            }
            return total;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
