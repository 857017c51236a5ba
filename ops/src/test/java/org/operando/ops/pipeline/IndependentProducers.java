package org.operando.ops.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.operando.producers.Acquired;
import org.operando.producers.AcquisitionSource;
import org.operando.producers.Publisher;
import org.operando.schema.RunStop;
import org.operando.schemas.Topics;

/**
 * Publishes one run as a facility's instruments would when each replays its own files as fast as it can: one
 * producer per instrument, all at once, each stream in its own order, none waiting for the others. The potentiostat's
 * and trigger taps' small records then run far ahead of the frames on the master clock, which is valid input: every
 * stream is in order, only their relative pace differs (DESIGN: "results never depend on how fast topics are
 * delivered").
 */
final class IndependentProducers {
    private IndependentProducers() {
    }

    /** Publishes preamble, every instrument's stream concurrently, then the stop record; returns its master time. */
    static long publish(AcquisitionSource source, Map<String, Object> clientConfig) throws InterruptedException {
        Map<String, List<Acquired>> streams = new LinkedHashMap<>();
        Map<String, Long> announced = new TreeMap<>();
        for (Optional<Acquired> a = source.next(); a.isPresent(); a = source.next()) {
            streams.computeIfAbsent(a.get().instrumentId(), k -> new ArrayList<>()).add(a.get());
            if (Topics.ACQUISITION.contains(a.get().topic())) {
                announced.merge(a.get().instrumentId(), 1L, Long::sum);
            }
        }
        try (Publisher first = new Publisher(clientConfig)) {
            source.preamble().forEach(first::publish);
            first.flush();
        }
        List<Thread> producers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        streams.forEach((instrument, items) -> {
            Thread t = new Thread(() -> {
                try (Publisher publisher = new Publisher(clientConfig)) {
                    items.forEach(publisher::publish);
                    publisher.flush();
                    if (!publisher.stats().failed().isEmpty()) {
                        failures.add(new IllegalStateException(instrument + ": failed sends " + publisher.stats().failed()));
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "producer-" + instrument);
            producers.add(t);
        });
        producers.forEach(Thread::start);
        for (Thread t : producers) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("an instrument's producer failed: " + failures);
        }
        long stop = Long.MIN_VALUE;
        try (Publisher last = new Publisher(clientConfig)) {
            for (Acquired a : source.epilogue(announced)) {
                if (a.record() instanceof RunStop s) {
                    stop = s.getStopMasterTimeNs();
                }
                last.publish(a);
            }
            last.flush();
        }
        return stop;
    }
}
