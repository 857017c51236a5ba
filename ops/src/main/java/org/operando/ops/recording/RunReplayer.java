package org.operando.ops.recording;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.operando.schemas.RunPartitioning;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.operando.schemas.Topics;

/**
 * Publishes a recorded run back into Kafka, in the original publication order across topics (see
 * {@link TimeOrderedReader}), paced on the recorded record timestamps divided by
 * {@code speed} (or as fast as the broker takes them), optionally as a new run: key and every record's
 * {@code runId} rewritten. Headers are kept; record timestamps are the replay's own (it is a new publication).
 */
public final class RunReplayer {
    /**
     * @param speed    recorded seconds per wall second; 0 = as fast as possible
     * @param asRun    new run id, or null to replay under the recorded id
     * @param progress interval between progress lines
     */
    public record Options(double speed, String asRun, Duration progress) {
        public Options {
            if (speed < 0 || Double.isNaN(speed)) {
                throw new IllegalArgumentException("Speed must be positive, or 0 for as fast as possible. Got: " + speed);
            }
        }
    }

    /** What a replay published. */
    public record Result(String runId, long records, long bytes, long notRewritten, double seconds) {
    }

    private final Map<String, Object> clientConfig;
    private final PrintStream out;
    private final LongSupplier nanoClock;

    public RunReplayer(Map<String, Object> clientConfig, PrintStream out, LongSupplier nanoClock) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.out = out;
        this.nanoClock = nanoClock;
    }

    /** Replays the recording in {@code dir} until its end or {@code stop}; every record is acknowledged on return. */
    public Result replay(Path dir, Options options, AtomicBoolean stop) throws InterruptedException {
        RecordingIndex index = RecordingIndex.read(dir);
        String runId = options.asRun() == null ? index.runId() : options.asRun();
        RunIdRewriter rewriter = options.asRun() == null ? null : new RunIdRewriter(options.asRun());
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long records = 0;
        long bytes = 0;
        long total = index.records();
        Progress progress = new Progress(out, nanoClock, options.progress().toNanos());
        long startNs = nanoClock.getAsLong();
        try (RunArchive archive = RunArchive.open(dir); TimeOrderedReader reader = new TimeOrderedReader(archive);
             KafkaProducer<String, byte[]> producer = producer()) {
            long firstTs = Long.MIN_VALUE;
            for (RecordedRecord r = reader.next(); r != null && !stop.get(); r = reader.next()) {
                if (firstTs == Long.MIN_VALUE) {
                    firstTs = r.timestampMs();
                }
                if (options.speed() > 0) {
                    long due = startNs + (long) ((r.timestampMs() - firstTs) * 1e6 / options.speed());
                    long wait = due - nanoClock.getAsLong();
                    if (wait > 1_000_000) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                byte[] value = rewriter == null ? r.value() : rewriter.rewrite(r.value());
                String key = rewriter == null ? r.key() : runId;
                if (Topics.RUNS.equals(r.topic()) && value != null) {
                    try {
                        spreader.observe(org.operando.schemas.SchemaRegistry.get().decodeAny(value));
                    } catch (RuntimeException e) {
                        // not a run record we can read: its frames are spread by hash
                    }
                }
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(r.topic(), framePartition(producer, r, key), null, key, value);
                r.headers().forEach(h -> record.headers().add(h.key(), h.value()));
                if (record.partition() != null) {
                    RunPartitioning.setRunPartition(record.headers(),
                            RunPartitioning.runPartition(key, producer.partitionsFor(r.topic()).size()));
                }
                producer.send(record, (meta, error) -> (error == null ? acked : failed).incrementAndGet());
                records++;
                bytes += (value == null ? 0 : value.length) + runId.length();
                long done = records;
                progress.update(records, bytes, (n, rate) -> rate <= 0 ? -1 : (long) ((total - done) / rate * 1e9));
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + records + " replayed records were not acknowledged by the broker");
        }
        progress.summary("replayed", runId, acked.get(), bytes, options.asRun() == null ? "" : "(recorded as " + index.runId() + ")");
        return new Result(runId, acked.get(), bytes, rewriter == null ? 0 : rewriter.unchanged(), progress.elapsedSeconds());
    }

    /**
     * Frames are spread over partitions by instrument as the publisher spreads them, for the run id they are replayed
     * as (its partition header is rewritten); every other record is partitioned by its key.
     */
    private Integer framePartition(KafkaProducer<String, byte[]> producer, RecordedRecord r, String key) {
        String instrument = r.headers().stream().filter(h -> org.operando.schemas.RecordHeaders.INSTRUMENT.equals(h.key()))
                .map(h -> new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)).reduce((a, b) -> b).orElse(null);
        if (!Topics.FRAMES.equals(r.topic()) || instrument == null || key == null) {
            return null;
        }
        return spreader.partitionFor(key, instrument, producer.partitionsFor(r.topic()).size());
    }

    private final RunPartitioning.Spreader spreader = new RunPartitioning.Spreader();

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = org.operando.producers.Publisher.producerConfig(clientConfig);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
