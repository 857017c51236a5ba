package org.operando.ops.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.operando.ops.pipeline.TopologyFeed;
import org.operando.producers.Acquired;
import org.operando.schema.Frame;
import org.operando.schemas.DeadLetterHandler;
import org.operando.schemas.FramePixels;
import org.operando.schemas.Topics;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.OperandoTopology;
import org.operando.streams.drift.DriftSettings;
import org.operando.streams.drift.DriftTracker;
import org.operando.streams.pixels.FrameAnalyzer;

/**
 * CPU cost of one simulated run, single-threaded, without Kafka: the pixel kernels alone (decode, drift, features and
 * fiducials at the topology's intervals) against the whole topology in a TopologyTestDriver (the same kernels plus
 * stores, serialization, the run stages). The difference is the topology's own overhead; the kernels' cost per frame
 * bounds what one core can process however fast Kafka is. Divide ms/op by the run's frame count (printed at setup).
 *
 * <pre>
 * mvn -o -q -pl ops -am test-compile
 * mvn -o -q -pl ops dependency:build-classpath -Dmdep.outputFile=/tmp/cp-ops.txt -Dmdep.includeScope=test
 * java -Djmh.ignoreLock=true -Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.operando.schema \
 *   -cp ops/target/test-classes:ops/target/classes:$(cat /tmp/cp-ops.txt) org.openjdk.jmh.Main TopologyCostBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TopologyCostBenchmark {
    @Param({"default"})
    public String profile;

    @Param({"10"})
    public int seconds;

    private List<Acquired> records;
    private int run;

    @Setup(Level.Trial)
    public void simulate() {
        records = new ArrayList<>(TopologyFeed.published(profile, Duration.ofSeconds(seconds), "bench-run"));
        records.removeIf(a -> a.topic().equals(Topics.GROUND_TRUTH));
        System.out.printf("%n%s, %d s: %d records, %d frames%n", profile, seconds, records.size(),
                records.stream().filter(a -> a.record() instanceof Frame).count());
    }

    /** The pixel stage's kernels on every frame, at the topology's registration intervals. */
    @Benchmark
    public void kernels(Blackhole sink) {
        OperandoStreamsConfig config = OperandoStreamsConfig.defaults();
        int emInterval = config.getInt(OperandoStreamsConfig.REGISTRATION_INTERVAL);
        int opticalInterval = config.getInt(OperandoStreamsConfig.OPTICAL_SPOT_INTERVAL);
        FrameAnalyzer analyzer = new FrameAnalyzer(config);
        Map<String, DriftTracker> trackers = new TreeMap<>();
        Map<String, Long> counts = new TreeMap<>();
        for (Acquired a : records) {
            if (!(a.record() instanceof Frame f)) {
                continue;
            }
            float[] pixels = FramePixels.toFloats(f);
            sink.consume(trackers.computeIfAbsent(f.getInstrumentId(),
                    k -> DriftTracker.create(DriftSettings.defaults(), f.getWidth(), f.getHeight())).update(f.getSequence(), pixels));
            long n = counts.merge(f.getInstrumentId(), 1L, Long::sum) - 1;
            if (a.modality() == org.operando.schema.Modality.EM) {
                sink.consume(analyzer.emFeatures(f, pixels, null));
                if (n % emInterval == 0) {
                    sink.consume(analyzer.emSpots(f, pixels));
                }
            } else if (n % opticalInterval == 0) {
                sink.consume(analyzer.opticalSpots(f, pixels));
            }
        }
    }

    /** The whole topology on the run, records piped as a producer publishes them. */
    @Benchmark
    public void topology(Blackhole sink) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-cost-" + run++);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        try (TopologyTestDriver driver = new TopologyTestDriver(OperandoTopology.buildTopology(OperandoStreamsConfig.defaults()), props)) {
            TopologyFeed.pipe(driver, records);
            sink.consume(driver.producedTopicNames());
        }
    }
}
