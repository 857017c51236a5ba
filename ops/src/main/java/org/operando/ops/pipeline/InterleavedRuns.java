package org.operando.ops.pipeline;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.operando.producers.Acquired;
import org.operando.producers.AcquisitionSink;
import org.operando.producers.AcquisitionSource;
import org.operando.schema.RunStop;
import org.operando.schemas.Topics;

/**
 * Publishes several runs at once, as concurrent experiments would: their records interleaved in master-time order,
 * paced on master time or as fast as possible, then each run's {@code RunStop}. Each stop record announces that run's
 * own acquisition records per instrument: simulated runs reuse instrument ids ({@code em-1} in every run), so a sink's
 * totals would announce the sum over all runs and no run would ever be seen complete.
 */
public final class InterleavedRuns {
    /** One run to publish: its id (the records' key) and where its records come from. */
    public record Run(String runId, AcquisitionSource source) {
    }

    /**
     * What was published: records handed to the sink between preambles and stop records (all acknowledged once
     * {@code flush} returned, unless the sink's stats list failures), wall seconds until the last stop record was acknowledged, and per run its
     * stop record's master time and the records it announced per instrument.
     */
    public record Result(long records, double seconds, Map<String, Long> stopMasterNs, Map<String, Map<String, Long>> announced) {
    }

    private InterleavedRuns() {
    }

    /** "run a 412, run b 409": each run's acquisition records so far (what its RunStop will announce). */
    static String perRun(Map<String, Map<String, Long>> announced) {
        StringBuilder s = new StringBuilder();
        announced.forEach((run, counts) -> s.append(s.isEmpty() ? "" : ", ").append(run).append(' ')
                .append(counts.values().stream().mapToLong(Long::longValue).sum()));
        return s.toString();
    }

    /**
     * Publishes every run to the end (or until {@code stop} is set). {@code pace}: master seconds per wall second, 0 or
     * less as fast as possible. {@code out}: a progress line every 2 s, or null. {@code masterElapsed}: told the master
     * time published so far (ns since the first record), or null.
     */
    public static Result publish(List<Run> runs, AcquisitionSink sink, double pace, PrintStream out, LongConsumer masterElapsed,
                                 AtomicBoolean stop) throws InterruptedException {
        record Head(Acquired item, Run run) {
        }
        long t0 = System.nanoTime();
        Map<String, Map<String, Long>> announced = new TreeMap<>();
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparingLong(h -> h.item().masterTimeNs()));
        for (Run r : runs) {
            announced.put(r.runId(), new TreeMap<>());
            r.source().preamble().forEach(sink::publish);
            r.source().next().ifPresent(a -> heads.add(new Head(a, r)));
        }
        long first = heads.isEmpty() ? 0 : heads.peek().item().masterTimeNs();
        long count = 0;
        long lastReport = t0;
        long lastCount = 0;
        while (!heads.isEmpty() && !stop.get()) {
            Head h = heads.poll();
            long elapsed = h.item().masterTimeNs() - first;
            if (pace > 0) {
                long wait = t0 + (long) (elapsed / pace) - System.nanoTime();
                if (wait > 1_000_000) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            sink.publish(h.item());
            count++;
            if (Topics.ACQUISITION.contains(h.item().topic())) {
                announced.get(h.run().runId()).merge(h.item().instrumentId(), 1L, Long::sum);
            }
            if (masterElapsed != null) {
                masterElapsed.accept(elapsed);
            }
            Optional<Acquired> next = h.run().source().next();
            next.ifPresent(a -> heads.add(new Head(a, h.run())));
            long now = System.nanoTime();
            if (out != null && now - lastReport > 2_000_000_000L) {
                out.printf("[%6.1f s] published %d records (%.0f records/s), master time %.1f s%s%n", (now - t0) / 1e9, count,
                        (count - lastCount) / ((now - lastReport) / 1e9), elapsed / 1e9, runs.size() > 1 ? " | " + perRun(announced) : "");
                lastReport = now;
                lastCount = count;
            }
        }
        sink.flush();
        Map<String, Long> stops = new TreeMap<>();
        for (Run r : runs) {
            for (Acquired a : r.source().epilogue(announced.get(r.runId()))) {
                if (a.record() instanceof RunStop s) {
                    stops.put(r.runId(), s.getStopMasterTimeNs());
                }
                sink.publish(a);
            }
        }
        sink.flush();
        return new Result(count, (System.nanoTime() - t0) / 1e9, stops, announced);
    }
}
