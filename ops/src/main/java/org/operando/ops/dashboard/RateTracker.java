package org.operando.ops.dashboard;

import java.util.HashMap;
import java.util.Map;

/**
 * Records per second per stream from successive cumulative counts: {@code (n_k - n_{k-1}) / (t_k - t_{k-1})} over
 * the last interval of at least one second, so the figure does not flicker at the push rate.
 */
final class RateTracker {
    private record Mark(long nanos, Map<String, Long> counts) {
    }

    private final Map<String, Mark> previous = new HashMap<>();
    private final Map<String, Map<String, Double>> last = new HashMap<>();

    synchronized Map<String, Double> rates(String runId, Map<String, Long> counts) {
        long now = System.nanoTime();
        Mark p = previous.get(runId);
        if (p == null) {
            previous.put(runId, new Mark(now, counts));
            return Map.of();
        }
        double dt = (now - p.nanos()) / 1e9;
        if (dt < 1.0) {
            return last.getOrDefault(runId, Map.of());
        }
        Map<String, Double> r = new HashMap<>();
        counts.forEach((id, n) -> r.put(id, (n - p.counts().getOrDefault(id, 0L)) / dt));
        previous.put(runId, new Mark(now, counts));
        last.put(runId, r);
        return r;
    }
}
