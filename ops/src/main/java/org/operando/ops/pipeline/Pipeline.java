package org.operando.ops.pipeline;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.operando.producers.Acquired;
import org.operando.producers.AcquisitionSource;
import org.operando.producers.AcquisitionSink;
import org.operando.producers.StreamStats;
import org.operando.schema.Modality;
import org.operando.schemas.Topics;
import org.operando.streams.ingest.IngestTopology;

/**
 * Drives one run end to end: publishes a source's records (paced on their master time, or as fast as possible),
 * prints progress, waits until the processors have accounted for every published record, and builds the summary.
 */
public final class Pipeline {
    /** Topics the processors consume, for lag. */
    public static final List<String> CONSUMED = Topics.ACQUISITION;
    /**
     * Topics whose committed offsets tell that the processors are done with a run: its acquisition records and its
     * RunStop. Under exactly-once, results are committed with the offsets of the records that produced them.
     */
    public static final List<String> LAGGED = java.util.stream.Stream.concat(CONSUMED.stream(), java.util.stream.Stream.of(Topics.RUNS))
            .toList();

    /**
     * @param duration   how much master-clock time of the source to publish
     * @param speed      master seconds per wall second; 0 or less = as fast as possible
     * @param progress   interval between progress lines
     * @param drain      how long to wait at the end without progress before giving up on the processors catching up
     */
    public record Options(Duration duration, double speed, Duration progress, Duration drain) {
        public Options {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("Duration must be positive. Got: " + duration);
            }
        }
    }

    private final AcquisitionSink publisher;
    private final StreamsRunner streams;
    private final LagMonitor lag;
    private final PrintStream out;
    private final LongSupplier nanoClock;

    public Pipeline(AcquisitionSink publisher, StreamsRunner streams, LagMonitor lag, PrintStream out, LongSupplier nanoClock) {
        this.publisher = publisher;
        this.streams = streams;
        this.lag = lag;
        this.out = out;
        this.nanoClock = nanoClock;
    }

    /** Runs until the source is exhausted, the duration is reached or {@code stop} is set; returns the summary. */
    public RunSummary run(String runId, AcquisitionSource source, Options options, AtomicBoolean stop) throws InterruptedException {
        long wallStart = nanoClock.getAsLong();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "operando-progress");
            t.setDaemon(true);
            return t;
        });
        Progress progress = new Progress(wallStart);
        ticker.scheduleAtFixedRate(() -> progress.print(false), options.progress().toMillis(), options.progress().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            source.preamble().forEach(publisher::publish);
            long firstMaster = Long.MIN_VALUE;
            long limitNs = options.duration().toNanos();
            while (!stop.get()) {
                Optional<Acquired> next = source.next();
                if (next.isEmpty()) {
                    break;
                }
                Acquired item = next.get();
                if (firstMaster == Long.MIN_VALUE) {
                    firstMaster = item.masterTimeNs();
                }
                long masterElapsed = item.masterTimeNs() - firstMaster;
                if (masterElapsed > limitNs) {
                    break;
                }
                if (options.speed() > 0) {
                    long dueWall = wallStart + (long) (masterElapsed / options.speed());
                    long wait = dueWall - nanoClock.getAsLong();
                    if (wait > 1_000_000) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                publisher.publish(item);
            }
            publisher.flush();
            source.epilogue(publisher.stats().records(CONSUMED)).forEach(publisher::publish);
            publisher.flush();
            long publishedAt = nanoClock.getAsLong();
            drain(options.drain(), stop);
            progress.print(true);
            double seconds = (publishedAt - wallStart) / 1e9;
            return summarize(runId, seconds);
        } finally {
            ticker.shutdownNow();
        }
    }

    /**
     * Waits until the processors have accounted for every published record and committed what they made of it. {@code stall} bounds how long it waits
     * without progress (the processed count not growing), not the total: a fast replay may leave minutes of work.
     */
    private void drain(Duration stall, AtomicBoolean stop) throws InterruptedException {
        long lastProgress = nanoClock.getAsLong();
        long lastCount = -1;
        while (nanoClock.getAsLong() - lastProgress < stall.toNanos()) {
            if (accountedFor() && lag.lag() == 0) {
                return; // every record processed, and the results of processing them (the run's last windows) committed
            }
            long count = streams.counts(IngestTopology.PROCESSED_STORE).values().stream().mapToLong(Long::longValue).sum();
            if (count != lastCount) {
                lastCount = count;
                lastProgress = nanoClock.getAsLong();
            }
            Thread.sleep(200);
        }
        out.println("warning: processors made no progress for " + stall.toSeconds()
                + " s and did not account for every published record");
    }

    private boolean accountedFor() {
        Map<String, Long> processed = streams.counts(IngestTopology.PROCESSED_STORE);
        Map<String, Long> dead = streams.counts(IngestTopology.DEAD_LETTER_STORE);
        for (var e : publisher.stats().records(CONSUMED).entrySet()) {
            if (processed.getOrDefault(e.getKey(), 0L) + dead.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private RunSummary summarize(String runId, double seconds) {
        StreamStats stats = publisher.stats();
        Map<String, Long> processed = streams.counts(IngestTopology.PROCESSED_STORE);
        Map<String, Long> dead = streams.counts(IngestTopology.DEAD_LETTER_STORE);
        RunSummary summary = new RunSummary(runId, seconds);
        for (var e : stats.records(CONSUMED).entrySet()) {
            Modality modality = stats.modalities().get(e.getKey());
            summary.stream(e.getKey(), modality, e.getValue(), processed.getOrDefault(e.getKey(), 0L), dead.getOrDefault(e.getKey(), 0L));
        }
        long frames = stats.topicRecords().getOrDefault(Topics.FRAMES, 0L);
        double mb = stats.topicBytes().values().stream().mapToLong(Long::longValue).sum() / 1e6;
        summary.throughput(frames / seconds, mb / seconds, frames, mb);
        return summary;
    }

    /** Prints rates per modality since the last line, totals and lag. */
    private final class Progress {
        private final long start;
        private long lastTime;
        private Map<String, Long> lastRecords = Map.of();

        Progress(long start) {
            this.start = start;
            this.lastTime = start;
        }

        synchronized void print(boolean last) {
            long now = nanoClock.getAsLong();
            double dt = Math.max(1e-9, (now - lastTime) / 1e9);
            StreamStats stats = publisher.stats();
            Map<String, Long> records = stats.records(CONSUMED);
            Map<Modality, Double> rates = new java.util.EnumMap<>(Modality.class);
            records.forEach((id, n) -> rates.merge(stats.modalities().get(id), (n - lastRecords.getOrDefault(id, 0L)) / dt, Double::sum));
            long produced = records.values().stream().mapToLong(Long::longValue).sum();
            long processed = streams.counts(IngestTopology.PROCESSED_STORE).values().stream().mapToLong(Long::longValue).sum();
            long dead = streams.counts(IngestTopology.DEAD_LETTER_STORE).values().stream().mapToLong(Long::longValue).sum();
            StringBuilder line = new StringBuilder(String.format("[%6.1f s] ", (now - start) / 1e9));
            rates.forEach((m, r) -> line.append(String.format("%s %.1f rec/s  ", m, r)));
            line.append(String.format("| produced %d processed %d dead-lettered %d | lag %d%s", produced, processed, dead,
                    lag.lag(), last ? " (final)" : ""));
            out.println(line);
            lastTime = now;
            lastRecords = records;
        }
    }
}
