package org.operando.ops.recording;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.operando.producers.Acquired;
import org.operando.schema.Compression;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.TriggerMark;
import org.operando.schemas.FramePixels;
import org.operando.schemas.Topics;

/** Small synthetic records and a read-everything consumer for the recording and journal ITs. */
final class RunFixtures {
    private RunFixtures() {
    }

    static Acquired frame(String runId, String instrument, long sequence, int side) {
        short[] pixels = new short[side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) ((i * 31 + sequence * 7) & 0x0FFF);
        }
        Frame frame = Frame.newBuilder().setRunId(runId).setInstrumentId(instrument).setSequence(sequence)
                .setInstrumentTimeNs(sequence * 10_000_000L).setExposureNs(1_000L).setWidth(side).setHeight(side)
                .setPixelType(PixelType.U16).setPixelSizeNm(2).setStageXNm(0).setStageYNm(0).setCompression(Compression.NONE)
                .setPixels(FramePixels.packU16(pixels, Compression.NONE)).build();
        return Acquired.of(Topics.FRAMES, runId, instrument, Modality.EM, frame, sequence * 10_000_000L);
    }

    static Acquired mark(String runId, long sequence) {
        TriggerMark m = TriggerMark.newBuilder().setRunId(runId).setInstrumentId("timing").setTriggerLine("ttl0")
                .setSequence(sequence).setInstrumentTimeNs(sequence * 1_000_000L).build();
        return Acquired.of(Topics.TRIGGERS, runId, "timing", Modality.TIMING, m, sequence * 1_000_000L);
    }

    /** Every record now in {@code topics}, in partition order. */
    static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, List<String> topics) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            topics.forEach(t -> consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition()))));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read the topics to their end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
