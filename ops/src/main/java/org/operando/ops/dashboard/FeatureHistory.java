package org.operando.ops.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.operando.schema.CorrelatedSample;

/**
 * The correlated samples of one EM stream, bounded: each sample's master start time, mean potential (when
 * electrochemistry was inside its window) and features. A sample amended by late data (higher revision) replaces
 * the earlier one. When {@code capacity} samples are held, every second one is dropped and from then on only every
 * second sample is kept (as in {@link DecimatingSeries}), so the history spans the whole run.
 *
 * <p>Pump-probe convention: a sample whose features hold {@code pumpDelayFs} contributes a point of every feature
 * named {@code pumpProbe*} against that delay.
 */
final class FeatureHistory {
    static final String PUMP_DELAY = "pumpDelayFs";
    static final String PUMP_PREFIX = "pumpProbe";

    private record Point(long emSequence, long masterStartNs, double potentialV, Map<String, Double> features) {
    }

    private final int capacity;
    private final Deque<Point> points = new ArrayDeque<>();
    private long stride = 1;

    FeatureHistory(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(CorrelatedSample c) {
        double potential = c.getEc() == null ? Double.NaN : c.getEc().getMeanPotentialV();
        Map<String, Double> f = new LinkedHashMap<>();
        c.getFeatures().forEach((k, v) -> f.put(k.toString(), v));
        boolean amended = points.removeIf(p -> p.emSequence == c.getEmSequence());
        if (!amended && c.getEmSequence() % stride != 0) {
            return;
        }
        if (points.size() >= capacity) {
            Deque<Point> kept = new ArrayDeque<>();
            int i = 0;
            for (Point p : points) {
                if (i++ % 2 == 0) {
                    kept.addLast(p);
                }
            }
            points.clear();
            points.addAll(kept);
            stride *= 2;
        }
        points.addLast(new Point(c.getEmSequence(), c.getMasterStartNs(), potential, f));
    }

    /**
     * Per feature name (not pump-probe): [potential V, value, master start ns] rows, for samples that had a potential,
     * in arrival order.
     */
    synchronized Map<String, List<double[]>> versusPotential() {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        for (Point p : points) {
            if (Double.isNaN(p.potentialV)) {
                continue;
            }
            p.features.forEach((k, v) -> {
                if (!k.startsWith(PUMP_PREFIX) && !k.equals(PUMP_DELAY)) {
                    out.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {p.potentialV, v, p.masterStartNs});
                }
            });
        }
        return out;
    }

    /** Per pump-probe feature: [delay fs, value] pairs sorted by delay. */
    synchronized Map<String, List<double[]>> pumpProbe() {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        for (Point p : points) {
            Double delay = p.features.get(PUMP_DELAY);
            if (delay == null) {
                continue;
            }
            p.features.forEach((k, v) -> {
                if (k.startsWith(PUMP_PREFIX)) {
                    out.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {delay, v});
                }
            });
        }
        out.values().forEach(l -> l.sort(Comparator.comparingDouble(a -> a[0])));
        return out;
    }
}
