package org.operando.ops.dashboard;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which runs the dashboard holds in full and which it only lists. Every run seen gets an index entry (id, specimen,
 * wall-clock start, open or stopped, first record timestamp: a few hundred bytes); at most {@code keepFull} runs are
 * held in full ({@link RunState}: frames and histories). When a new run appears beyond that, the least recently
 * used run (by records arriving and by being viewed) that no page is showing is evicted to its index entry; its
 * later records only update the entry. An evicted run is read back from Kafka when a page selects it
 * ({@link RunLoader}). So memory is bounded by {@code keepFull} runs whatever the cluster's retention holds.
 * Thread-safe (one lock; every operation is short).
 */
final class RunCatalog {
    /** A run as the run list shows it. */
    record Entry(String runId, String specimen, long startWallMs, boolean open, boolean loaded, long firstTimestampMs) {
    }

    private static final class Indexed {
        String specimen = "";
        long startWallMs = Long.MIN_VALUE;
        long firstTimestampMs = Long.MAX_VALUE;
        boolean stopped;
    }

    private final int keepFull;
    private final Map<String, Indexed> index = new LinkedHashMap<>();
    private final LinkedHashMap<String, RunState> full = new LinkedHashMap<>(16, 0.75f, true);
    private Set<String> pinned = Set.of();

    RunCatalog(int keepFull) {
        if (keepFull < 1) {
            throw new IllegalArgumentException("The dashboard must keep at least one run in full. Got " + keepFull);
        }
        this.keepFull = keepFull;
    }

    /**
     * The state a record of {@code runId} published at {@code timestampMs} goes to: the run's, created if the run is
     * new (evicting the least recently used one beyond {@code keepFull}), or null when the run has been evicted.
     */
    synchronized RunState forRecord(String runId, long timestampMs) {
        Indexed i = index.get(runId);
        if (i == null) {
            i = new Indexed();
            index.put(runId, i);
            full.put(runId, new RunState(runId));
            evict();
        }
        i.firstTimestampMs = Math.min(i.firstTimestampMs, timestampMs);
        return full.get(runId);
    }

    /** Notes what the index shows of a run: call after each record of it (its state may be evicted). */
    synchronized void describe(String runId, String specimen, long startWallMs, boolean stopped) {
        Indexed i = index.get(runId);
        if (i == null) {
            return;
        }
        if (specimen != null) {
            i.specimen = specimen;
        }
        if (startWallMs != Long.MIN_VALUE) {
            i.startWallMs = startWallMs;
        }
        i.stopped |= stopped;
    }

    /** The full state of {@code runId} (counts as a use), or null when unknown or evicted. */
    synchronized RunState get(String runId) {
        return full.get(runId);
    }

    synchronized boolean isKnown(String runId) {
        return index.containsKey(runId);
    }

    /** A run read back from Kafka becomes a full run again. */
    synchronized void install(RunState state) {
        full.put(state.runId, state);
        evict();
    }

    /** Runs that pages show now: never evicted. */
    synchronized void pin(Set<String> runIds) {
        pinned = Set.copyOf(runIds);
    }

    synchronized long firstTimestampMs(String runId) {
        Indexed i = index.get(runId);
        return i == null ? Long.MIN_VALUE : i.firstTimestampMs;
    }

    /** Runs in order of first appearance. */
    synchronized List<String> runIds() {
        return new ArrayList<>(index.keySet());
    }

    synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        index.forEach((id, i) -> {
            RunState s = full.get(id);
            boolean stopped = i.stopped || (s != null && s.stopped());
            out.add(new Entry(id, i.specimen, i.startWallMs, !stopped, s != null, i.firstTimestampMs));
        });
        return out;
    }

    synchronized int fullCount() {
        return full.size();
    }

    private void evict() {
        Iterator<Map.Entry<String, RunState>> it = full.entrySet().iterator();
        while (full.size() > keepFull && it.hasNext()) {
            Map.Entry<String, RunState> e = it.next();
            if (!pinned.contains(e.getKey())) {
                Indexed i = index.get(e.getKey());
                i.stopped |= e.getValue().stopped();
                it.remove();
            }
        }
    }
}
