package org.operando.producers.files;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a potentiostat series into runs of evenly spaced samples, as {@code ElectrochemBlock} carries them (first
 * sample time and one period). Exports are not always evenly spaced (EC-Lab records on a potential step as well as a
 * time step, pauses happen between techniques), so a block ends where a sample's time departs from
 * first + k·period by more than 1 % of the period, where the cycle changes, or at {@code maxSamples}. The period is
 * that of the block's first two samples in whole nanoseconds, so each sample's time is reproduced within 1 % of a
 * period (exactly when the file's times are exact multiples of a nanosecond period).
 */
public final class EcBlocks {
    private static final long LONE_SAMPLE_PERIOD_NS = 1_000_000L;

    private EcBlocks() {
    }

    /** Samples [from, to) of a series: first at {@code firstNs}, then every {@code periodNs}. */
    public record Block(int from, int to, long firstNs, long periodNs) {
        public int size() {
            return to - from;
        }
    }

    public static List<Block> split(EcSeries series, int maxSamples) {
        if (maxSamples < 1) {
            throw new IllegalArgumentException("maxSamples must be at least 1. Got: " + maxSamples);
        }
        List<Block> blocks = new ArrayList<>();
        int n = series.size();
        long lastPeriod = LONE_SAMPLE_PERIOD_NS;
        int from = 0;
        while (from < n) {
            long first = ns(series.timeS()[from]);
            if (from + 1 == n || !sameCycle(series, from, from + 1)) {
                blocks.add(new Block(from, from + 1, first, lastPeriod));
                from++;
                continue;
            }
            long period = ns(series.timeS()[from + 1]) - first;
            if (period <= 0) {
                throw new IllegalArgumentException("sample " + (from + 1) + " at " + series.timeS()[from + 1]
                        + " s is not after sample " + from + " at " + series.timeS()[from] + " s; expected increasing times");
            }
            int to = Math.min(from + 2, from + maxSamples);
            while (to < n && to - from < maxSamples && sameCycle(series, from, to)
                    && Math.abs(ns(series.timeS()[to]) - (first + (to - from) * period)) <= period / 100) {
                to++;
            }
            blocks.add(new Block(from, to, first, period));
            lastPeriod = period;
            from = to;
        }
        return blocks;
    }

    private static boolean sameCycle(EcSeries s, int a, int b) {
        return s.cycle() == null || s.cycle()[a] == s.cycle()[b];
    }

    static long ns(double seconds) {
        return Math.round(seconds * 1e9);
    }
}
