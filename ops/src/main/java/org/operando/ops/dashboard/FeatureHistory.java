package org.operando.ops.dashboard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.operando.schema.CorrelatedSample;

/**
 * The newest correlated samples of one EM stream, bounded: each sample's mean potential (when electrochemistry was
 * inside its window) and its features. A sample amended by late data (higher revision) replaces the earlier one.
 *
 * <p>Pump-probe convention: a sample whose features hold {@code pumpDelayFs} contributes a point of every feature
 * named {@code pumpProbe*} against that delay.
 */
final class FeatureHistory {
    static final String PUMP_DELAY = "pumpDelayFs";
    static final String PUMP_PREFIX = "pumpProbe";

    private record Point(long emSequence, double potentialV, Map<String, Double> features) {
    }

    private final int capacity;
    private final Deque<Point> points = new ArrayDeque<>();

    FeatureHistory(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(CorrelatedSample c) {
        double potential = c.getEc() == null ? Double.NaN : c.getEc().getMeanPotentialV();
        Map<String, Double> f = new LinkedHashMap<>();
        c.getFeatures().forEach((k, v) -> f.put(k.toString(), v));
        points.removeIf(p -> p.emSequence == c.getEmSequence());
        if (points.size() == capacity) {
            points.removeFirst();
        }
        points.addLast(new Point(c.getEmSequence(), potential, f));
    }

    /** Per feature name (not pump-probe): [potential V, value] pairs, for samples that had a potential. */
    synchronized Map<String, List<double[]>> versusPotential() {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        for (Point p : points) {
            if (Double.isNaN(p.potentialV)) {
                continue;
            }
            p.features.forEach((k, v) -> {
                if (!k.startsWith(PUMP_PREFIX) && !k.equals(PUMP_DELAY)) {
                    out.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(new double[] {p.potentialV, v});
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
                    out.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(new double[] {delay, v});
                }
            });
        }
        out.values().forEach(l -> l.sort(java.util.Comparator.comparingDouble(a -> a[0])));
        return out;
    }

    synchronized TreeSet<String> names() {
        TreeSet<String> s = new TreeSet<>();
        points.forEach(p -> s.addAll(p.features.keySet()));
        return s;
    }
}
