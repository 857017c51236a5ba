package org.operando.ops.ingest;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.operando.producers.Acquired;
import org.operando.producers.AcquisitionSink;
import org.operando.producers.AcquisitionSource;
import org.operando.schemas.Topics;

/**
 * Publishes one run from a source as a producer must (README, "Wire format"): preamble, data paced on master time
 * (or as fast as the broker takes them), then the RunStop with the acknowledged count per instrument. Prints a
 * progress line per interval. For processors running elsewhere; {@code operando demo}-style runs use the Pipeline.
 */
public final class RunPublisher {
    private final AcquisitionSink sink;
    private final PrintStream out;
    private final LongSupplier nanoClock;

    public RunPublisher(AcquisitionSink sink, PrintStream out, LongSupplier nanoClock) {
        this.sink = sink;
        this.out = out;
        this.nanoClock = nanoClock;
    }

    /** What was published: records per instrument (acquisition topics) and the wall time it took. */
    public record Result(Map<String, Long> recordsPerInstrument, long records, double seconds) {
    }

    /**
     * @param speed master seconds per wall second; 0 = as fast as possible (a followed folder is published as it is written)
     */
    public Result publish(AcquisitionSource source, double speed, Duration progress) throws InterruptedException {
        long t0 = nanoClock.getAsLong();
        source.preamble().forEach(sink::publish);
        long first = Long.MIN_VALUE;
        long count = 0;
        long lastReport = t0;
        Map<String, Long> perInstrument = new TreeMap<>();
        for (Optional<Acquired> next = source.next(); next.isPresent(); next = source.next()) {
            Acquired item = next.get();
            if (first == Long.MIN_VALUE) {
                first = item.masterTimeNs();
            }
            if (speed > 0) {
                long wait = t0 + (long) ((item.masterTimeNs() - first) / speed) - nanoClock.getAsLong();
                if (wait > 1_000_000) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            sink.publish(item);
            count++;
            if (Topics.ACQUISITION.contains(item.topic())) {
                perInstrument.merge(item.instrumentId(), 1L, Long::sum);
            }
            long now = nanoClock.getAsLong();
            if (now - lastReport >= progress.toNanos()) {
                line(now - t0, perInstrument, item.masterTimeNs() - first);
                lastReport = now;
            }
        }
        sink.flush();
        source.epilogue(sink.stats().records(Topics.ACQUISITION)).forEach(sink::publish);
        sink.flush();
        long end = nanoClock.getAsLong();
        line(end - t0, perInstrument, -1);
        return new Result(perInstrument, count, (end - t0) / 1e9);
    }

    private void line(long elapsedNs, Map<String, Long> perInstrument, long masterElapsedNs) {
        StringBuilder b = new StringBuilder(String.format("[%6.1f s] published", elapsedNs / 1e9));
        perInstrument.forEach((id, n) -> b.append(' ').append(id).append(' ').append(n));
        Map<String, Long> acked = sink.stats().records(Topics.ACQUISITION);
        b.append(String.format(" | acknowledged %d", acked.values().stream().mapToLong(Long::longValue).sum()));
        b.append(masterElapsedNs >= 0 ? String.format(" | master time %.1f s", masterElapsedNs / 1e9) : " (final)");
        out.println(b);
    }
}
