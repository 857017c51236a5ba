package org.operando.ops.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.operando.producers.Acquired;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.OperandoTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a short simulated run through the whole topology once per JVM, in Kafka Streams' {@link TopologyTestDriver}
 * (no broker, a throw-away state directory), so the JIT has compiled what a run's records go through (simulator
 * rendering, Avro, the pixel kernels, RocksDB stores, the run stages) before live data come. Cold, the first seconds
 * of a JVM's first run were processed several times slower than acquired: the processors fell ~3 s behind and took
 * ~6 s to catch up, which was the whole-run tail of the end-to-end latency. Nothing of this touches the cluster.
 */
public final class PipelineWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineWarmup.class);
    /** Simulated acquisition fed through: enough for the JIT's compile thresholds (~130 records, 70 frames). */
    static final Duration RUN = Duration.ofSeconds(2);
    /** Longest {@link #once} may take, wall time, on a machine busy starting a broker. */
    static final long BUDGET_MS = 30_000;
    private static boolean warm;

    private PipelineWarmup() {
    }

    /**
     * Warms up once per JVM; a second call returns at once, a concurrent one waits for the first. Returns the records
     * fed through by this call (0 when the JVM was warm already).
     */
    public static synchronized int once() {
        if (warm) {
            return 0;
        }
        long t0 = System.nanoTime();
        int n = run(TopologyFeed.published("default", RUN, "operando-warm-up"), BUDGET_MS);
        warm = true;
        LOG.info("Warm-up: {} records through the topology in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
        return n;
    }

    /** Feeds {@code records} through a fresh topology, for at most {@code budgetMs} of wall time; returns how many went in. */
    static int run(List<Acquired> records, long budgetMs) {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("operando-warm-up-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a state directory for the warm-up", e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "operando-warm-up");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "warm-up.invalid:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        StreamsRunner.withDeadLetterHandlers(props);
        long deadline = System.nanoTime() + budgetMs * 1_000_000L;
        int fed = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(OperandoTopology.buildTopology(OperandoStreamsConfig.defaults()), props)) {
            TopologyFeed.Pipe pipe = TopologyFeed.pipe(driver);
            for (Acquired a : records) {
                if (System.nanoTime() > deadline) {
                    LOG.info("Warm-up stopped at its {} ms budget after {} of {} records", budgetMs, fed, records.size());
                    break;
                }
                pipe.accept(a);
                fed++;
            }
        } finally {
            Demo.deleteQuietly(stateDir);
        }
        return fed;
    }
}
