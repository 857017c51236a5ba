package org.operando.ops.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.operando.producers.Acquired;
import org.operando.producers.sim.SimulatorSource;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;
import org.operando.simulator.Profile;
import org.operando.simulator.Simulation;

/** Feeds records as a producer publishes them (ground truth left out) into a TopologyTestDriver, in the given order. */
public final class TopologyFeed {
    private TopologyFeed() {
    }

    /**
     * A simulated run of {@code profile} as its producer publishes it, ground truth included: the preamble, the data,
     * and the RunStop announcing the run's acquisition records per instrument.
     */
    public static List<Acquired> published(String profile, Duration duration, String runId) {
        SimulatorSource source = new SimulatorSource(Simulation.create(Profile.byName(profile).settings()
                .withDurationNs(duration.toNanos())), runId);
        List<Acquired> out = new ArrayList<>(source.preamble());
        Map<String, Long> counts = new TreeMap<>();
        for (Optional<Acquired> a = source.next(); a.isPresent(); a = source.next()) {
            out.add(a.get());
            if (Topics.ACQUISITION.contains(a.get().topic())) {
                counts.merge(a.get().instrumentId(), 1L, Long::sum);
            }
        }
        out.addAll(source.epilogue(counts));
        return out;
    }

    /** Pipes {@code records} into the driver's input topics in their order (ground truth left out). */
    public static void pipe(TopologyTestDriver driver, List<Acquired> records) {
        Pipe pipe = pipe(driver);
        records.forEach(pipe::accept);
    }

    /** A feed into the driver's input topics, one record at a time, as a producer publishes it (ground truth left out). */
    public static Pipe pipe(TopologyTestDriver driver) {
        return new Pipe(driver);
    }

    /** See {@link #pipe(TopologyTestDriver)}. */
    public static final class Pipe {
        private final TopologyTestDriver driver;
        private final Map<String, TestInputTopic<String, byte[]>> inputs = new TreeMap<>();

        private Pipe(TopologyTestDriver driver) {
            this.driver = driver;
        }

        public void accept(Acquired a) {
            if (a.topic().equals(Topics.GROUND_TRUTH)) {
                return;
            }
            var headers = new RecordHeaders();
            org.operando.schemas.RecordHeaders.setInstrument(headers, a.instrumentId());
            byte[] value = a.encodedBytes() != null ? a.encodedBytes() : SchemaRegistry.get().encode(a.record());
            inputs.computeIfAbsent(a.topic(), t -> driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()))
                    .pipeInput(new TestRecord<>(a.runId(), value, headers));
        }
    }
}
