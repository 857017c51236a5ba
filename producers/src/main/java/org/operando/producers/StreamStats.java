package org.operando.producers;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.operando.schema.Modality;

/** What a producer has published per instrument: records and bytes, thread-safe. */
public final class StreamStats {
    private final Map<String, LongAdder> records = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
    private final Map<String, Modality> modality = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> topicRecords = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> topicBytes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> byTopicAndInstrument = new ConcurrentHashMap<>();

    void recordSent(String instrumentId, Modality m, String topic, int size) {
        topicRecords.computeIfAbsent(topic, k -> new LongAdder()).increment();
        byTopicAndInstrument.computeIfAbsent(topic, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(instrumentId, k -> new LongAdder()).increment();
        topicBytes.computeIfAbsent(topic, k -> new LongAdder()).add(size);
        modality.putIfAbsent(instrumentId, m);
        records.computeIfAbsent(instrumentId, k -> new LongAdder()).increment();
        bytes.computeIfAbsent(instrumentId, k -> new LongAdder()).add(size);
    }

    void recordFailed(String instrumentId) {
        failed.computeIfAbsent(instrumentId, k -> new LongAdder()).increment();
    }

    public Map<String, Long> records() {
        return snapshot(records);
    }

    /** Records acknowledged per instrument, counting only the given topics. */
    public Map<String, Long> records(java.util.Collection<String> topics) {
        Map<String, Long> out = new TreeMap<>();
        for (String topic : topics) {
            byTopicAndInstrument.getOrDefault(topic, Map.of()).forEach((id, n) -> out.merge(id, n.sum(), Long::sum));
        }
        return out;
    }

    public Map<String, Long> bytes() {
        return snapshot(bytes);
    }

    public Map<String, Long> failed() {
        return snapshot(failed);
    }

    /** Records acknowledged per topic. */
    public Map<String, Long> topicRecords() {
        return snapshot(topicRecords);
    }

    /** Bytes acknowledged per topic. */
    public Map<String, Long> topicBytes() {
        return snapshot(topicBytes);
    }

    public Map<String, Modality> modalities() {
        return new TreeMap<>(modality);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
