package org.operando.ops.pipeline;

import java.time.Duration;
import java.util.*;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.*;
import org.apache.kafka.streams.*;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.operando.producers.Acquired;
import org.operando.producers.sim.SimulatorSource;
import org.operando.schemas.*;
import org.operando.simulator.*;
import org.operando.streams.*;

class ZzIndependentOrderExperimentTest {
    @Test
    void experiment() {
        SimulatorSource source = new SimulatorSource(Simulation.create(Profile.byName("default").settings()
                .withDurationNs(Duration.ofSeconds(6).toNanos())), "run-1");
        List<Acquired> pre = new ArrayList<>(source.preamble());
        Map<String, List<Acquired>> byInstrument = new TreeMap<>();
        Map<String, Long> counts = new TreeMap<>();
        for (Optional<Acquired> a = source.next(); a.isPresent(); a = source.next()) {
            byInstrument.computeIfAbsent(a.get().instrumentId(), k -> new ArrayList<>()).add(a.get());
            if (Topics.ACQUISITION.contains(a.get().topic())) counts.merge(a.get().instrumentId(), 1L, Long::sum);
        }
        List<Acquired> all = new ArrayList<>(pre);
        byInstrument.values().forEach(all::addAll);
        all.addAll(source.epilogue(counts));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "x");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(OperandoTopology.buildTopology(OperandoStreamsConfig.defaults()), props)) {
            Map<String, TestInputTopic<String, byte[]>> inputs = new TreeMap<>();
            for (Acquired a : all) {
                if (a.topic().equals(Topics.GROUND_TRUTH)) continue;
                var headers = new RecordHeaders();
                org.operando.schemas.RecordHeaders.setInstrument(headers, a.instrumentId());
                byte[] value = a.encodedBytes() != null ? a.encodedBytes() : SchemaRegistry.get().encode(a.record());
                inputs.computeIfAbsent(a.topic(), t -> driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()))
                        .pipeInput(new TestRecord<>(a.runId(), value, headers, a.masterTimeNs() / 1_000_000L));
            }
            System.out.println("EXP clock models " + driver.createOutputTopic(Topics.CLOCK_MODELS, new StringDeserializer(), new ByteArrayDeserializer()).readValuesToList().size());
            driver.createOutputTopic(Topics.DEAD_LETTERS, new StringDeserializer(), AvroSerde.of(org.operando.schema.Rejected.class))
                    .readValuesToList().stream().limit(3).forEach(r -> System.out.println("EXP dead " + r.getStage() + " " + r.getReason()));
        }
    }
}
