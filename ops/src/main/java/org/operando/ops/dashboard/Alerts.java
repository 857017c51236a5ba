package org.operando.ops.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;

/**
 * The banners the page shows above everything else, for the selected runs:
 * <ul>
 *   <li><b>lag</b>: the processors trail acquisition: the newest result's record timestamp is more than
 *       {@code lagThreshold} behind the newest acquisition record's, or the median latency of the run's last 64
 *       results at the dashboard is above it (while the run is open or its results still arrive);</li>
 *   <li><b>stall</b>: instruments of an open run (no {@code RunStop} yet) have published nothing for
 *       {@code stallAfter} (one banner per run, naming them);</li>
 *   <li><b>dead letters</b>: the run has dead letters; the banner counts them and links to their reasons.</li>
 * </ul>
 * Record timestamps are publish times (decision 070), so the lag test holds for a finished run read later as well.
 *
 * @param lagThreshold results further behind than this raise the lag banner (2 s by default)
 * @param stallAfter   silence of an instrument of an open run that raises the stall banner (5 s by default)
 */
record Alerts(Duration lagThreshold, Duration stallAfter) {
    static final Alerts DEFAULT = new Alerts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    private static final long RECENT_MS = 10_000;

    Alerts {
        if (lagThreshold.isNegative() || lagThreshold.isZero() || stallAfter.isNegative() || stallAfter.isZero()) {
            throw new IllegalArgumentException("Alert thresholds must be positive. Got lag " + lagThreshold + ", stall " + stallAfter);
        }
    }

    /** Appends the banners of {@code run} at wall time {@code nowMs}; {@code lagRecords} is the processors' lag or -1. */
    void add(ArrayNode out, RunState run, long nowMs, long lagRecords) {
        double behindS = run.resultsBehindS();
        // latency counts while results still arrive (also after the RunStop, while the processors catch up)
        boolean resultsArriving = !run.stopped()
                || (run.lastLiveResultMs() != Long.MIN_VALUE && nowMs - run.lastLiveResultMs() < RECENT_MS);
        long p50 = resultsArriving ? run.recentLatencyP50Ms() : -1;
        double limitS = lagThreshold.toMillis() / 1e3;
        if (behindS > limitS || p50 > lagThreshold.toMillis()) {
            StringBuilder text = new StringBuilder("Processors lag real time: results are ").append(String.format("%.1f", behindS))
                    .append(" s behind acquisition");
            if (p50 > lagThreshold.toMillis()) {
                text.append(", latency p50 ").append(String.format("%.1f", p50 / 1e3)).append(" s");
            }
            if (lagRecords > 0) {
                text.append(", ").append(lagRecords).append(" records unprocessed");
            }
            text.append(" (limit ").append(String.format("%.1f", limitS)).append(" s). What is shown is not live.");
            out.addObject().put("kind", "lag").put("run", run.runId).put("text", text.toString());
        }
        if (!run.stopped()) {
            java.util.TreeMap<String, Long> silent = new java.util.TreeMap<>();
            run.lastInputMs.forEach((instrument, lastMs) -> {
                if (nowMs - lastMs > stallAfter.toMillis()) {
                    silent.put(instrument, nowMs - lastMs);
                }
            });
            if (!silent.isEmpty()) {
                var banner = out.addObject().put("kind", "stall").put("run", run.runId);
                silent.keySet().forEach(banner.putArray("instruments")::add);
                long shortest = java.util.Collections.min(silent.values());
                banner.put("text", "No record from " + String.join(", ", silent.keySet()) + " for " + human(shortest)
                        + (silent.size() > 1 ? " or more" : "") + " while the run is open.");
            }
        }
        long dead = run.deadLetterTotal();
        if (dead > 0) {
            var last = run.deadLetterReasons();
            String latest = last.isEmpty() ? "" : " Latest: " + last.get(last.size() - 1).reason();
            out.addObject().put("kind", "dead").put("run", run.runId).put("count", dead)
                    .put("href", "/api/dead-letters?run=" + java.net.URLEncoder.encode(run.runId, java.nio.charset.StandardCharsets.UTF_8))
                    .put("text", dead + " dead letter" + (dead == 1 ? "" : "s") + " in this run." + latest);
        }
    }

    static String human(long ms) {
        if (ms < 120_000) {
            return String.format("%.0f s", ms / 1e3);
        }
        if (ms < 7_200_000) {
            return String.format("%.0f min", ms / 60e3);
        }
        if (ms < 172_800_000) {
            return String.format("%.0f h", ms / 3600e3);
        }
        return String.format("%.0f d", ms / 86400e3);
    }
}
