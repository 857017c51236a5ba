package org.operando.ops.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/** What a test needs to know about a Streams application on a cluster: its members, what they own, what is committed. */
final class ClusterProbe implements AutoCloseable {
    private final Admin admin;

    ClusterProbe(Map<String, Object> clientConfig) {
        this.admin = Admin.create(clientConfig);
    }

    /** The partition Kafka's default partitioner puts a record with this key in (murmur2 of the key bytes). */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * {@code n} run ids, {@code prefix-i} or, where that one's partition is taken, {@code prefix-i-k}, that land in
     * {@code n} different partitions (n ≤ partitions), so the runs spread over the application's tasks.
     */
    static List<String> spreadRunIds(String prefix, int n, int partitions) {
        List<String> ids = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < n; i++) {
            for (int k = 0; ; k++) {
                String id = prefix + "-" + i + (k == 0 ? "" : "-" + k);
                if (taken.add(partitionOf(id, partitions))) {
                    ids.add(id);
                    break;
                }
            }
        }
        return ids;
    }

    /** Group members by client id, each with the partitions of {@code topic} assigned to it; empty while not stable. */
    Map<String, Set<Integer>> assignments(String groupId, String topic) {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all().get(10, TimeUnit.SECONDS).get(groupId);
            Map<String, Set<Integer>> out = new HashMap<>();
            if (group.groupState() != GroupState.STABLE) {
                return out;
            }
            for (MemberDescription m : group.members()) {
                Set<Integer> owned = new HashSet<>();
                m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic)).forEach(tp -> owned.add(tp.partition()));
                out.put(m.clientId(), owned);
            }
            return out;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        }
    }

    /**
     * Waits until the group is stable with {@code members} members that each own at least one partition of
     * {@code topic}; returns the assignment.
     */
    Map<String, Set<Integer>> awaitAssigned(String groupId, String topic, int members, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Set<Integer>> a = Map.of();
        while (System.nanoTime() < deadline) {
            a = assignments(groupId, topic);
            if (a.size() == members && a.values().stream().noneMatch(Set::isEmpty)) {
                return a;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("group " + groupId + " did not become stable with " + members + " members owning " + topic
                + " partitions within " + timeout.toSeconds() + " s; last seen " + a);
    }

    /** The group's committed offset of one partition, 0 when none. */
    long committed(String groupId, TopicPartition partition) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            OffsetAndMetadata o = offsets.get(partition);
            return o == null ? 0 : o.offset();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
