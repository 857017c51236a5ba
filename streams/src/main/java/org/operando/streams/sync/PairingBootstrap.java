package org.operando.streams.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the first pairing of instrument marks with master edges when nothing is known of the offset.
 *
 * <p>Marks carry no edge index, and a trigger train is periodic, so an offset {@code a} and
 * {@code a + T} explain the marks equally well: the instrument times alone cannot say which edge is
 * which. The extra information is when each record was made or delivered:
 * <ul>
 *   <li>with event times on both streams (a clock common to both, e.g. Kafka record timestamps), a
 *       mark's edge is the one whose event time is nearest: lag = |t_edge − t_mark| / T;</li>
 *   <li>otherwise the delivery order: when mark j arrived, {@code n_j} master edges had been received,
 *       so its edge is near reception index {@code n_j − 1} (delivered just before) or {@code n_j}
 *       (about to be): lag = |k − (n_j − ½)|.</li>
 * </ul>
 *
 * <ol>
 *   <li>Candidates: for each mark j and each edge k within L + 1 periods of its event time, or with
 *       reception index in {@code [n_j − 1 − L, n_j + L]} (L = arrival slack), the offset
 *       {@code c = m_k − x_j}.</li>
 *   <li>Consensus: sort the offsets; every run of offsets within a tolerance
 *       {@code 10σ + 2·maxSkew·span} is a hypothesis; its votes are its distinct marks. True pairs agree
 *       to within jitter and skew·span; a wrong shift is a whole period away; spurious marks scatter.</li>
 *   <li>Among hypotheses with at least 60 % of the marks, the one with the smallest mean lag wins; ties
 *       go to more votes, then to the earlier edge (marks are normally delivered after their edge). By
 *       delivery order this assumes the cross-stream disorder is under one period during the bootstrap;
 *       by event time, that the two streams' event times agree to better than T/2.</li>
 *   <li>Refinement: least squares on the winning pairs (one mark per edge), then a MAD gate (drop
 *       |r − median| &gt; max(5·1.4826·MAD, 5σ)) and a refit.</li>
 * </ol>
 */
final class PairingBootstrap {

    /** The paired instrument and master times, same length, sorted by instrument time. */
    record Pairs(long[] instrumentNs, long[] masterNs) {
        int size() {
            return instrumentNs.length;
        }
    }

    private PairingBootstrap() {
    }

    /**
     * @param markNs      instrument times of the marks, ascending
     * @param markArrival master edges received when each mark arrived
     * @param markEventNs event time of each mark, or {@link ClockSync#NO_EVENT_TIME}
     * @param edgeNs      master edges, ascending; edgeNs[i] has reception index edgeBase + i
     * @param edgeEventNs event time of each edge, or {@link ClockSync#NO_EVENT_TIME}
     * @param edgeBase    reception index of edgeNs[0]
     * @return the pairs, or an empty result when no hypothesis has enough votes
     */
    /** A candidate pair: offset m_k − x_j, mark j, edge k, and its lag in periods (the tie-breaking cost). */
    private record Candidate(long offset, int mark, int edge, double lag) {
    }

    static Pairs find(long[] markNs, long[] markArrival, long[] markEventNs, long[] edgeNs, long[] edgeEventNs,
                      long edgeBase, ClockSyncSettings s) {
        boolean byEventTime = Arrays.stream(markEventNs).noneMatch(t -> t == ClockSync.NO_EVENT_TIME)
                && Arrays.stream(edgeEventNs).noneMatch(t -> t == ClockSync.NO_EVENT_TIME);
        if (byEventTime) {
            Choice choice = choose(markNs, markArrival, markEventNs, edgeNs, edgeEventNs, edgeBase, s, true);
            // event times that do not tell neighbouring edges apart (equal, or compressed by a burst of sends) leave
            // a shifted hypothesis as cheap as the true one: then the delivery order decides
            if (choice.cluster() != null && choice.secondCost() - choice.cost() >= AMBIGUOUS_LAG) {
                return refine(choice.cluster(), markNs, edgeNs, s);
            }
        }
        Choice choice = choose(markNs, markArrival, markEventNs, edgeNs, edgeEventNs, edgeBase, s, false);
        return choice.cluster() == null ? new Pairs(new long[0], new long[0]) : refine(choice.cluster(), markNs, edgeNs, s);
    }

    /** A shifted hypothesis must cost this many periods of mean lag more than the best for event times to decide. */
    static final double AMBIGUOUS_LAG = 0.25;

    /** The winning hypothesis (its candidates), its mean lag, and the mean lag of the best one a period or more away. */
    private record Choice(List<Candidate> cluster, double cost, double secondCost) {
    }

    private static Choice choose(long[] markNs, long[] markArrival, long[] markEventNs, long[] edgeNs, long[] edgeEventNs,
                                 long edgeBase, ClockSyncSettings s, boolean byEventTime) {
        int marks = markNs.length;
        double period = s.nominalPeriodNs();
        List<Candidate> cand = new ArrayList<>();
        for (int j = 0; j < marks; j++) {
            if (byEventTime) {
                double reach = (s.bootstrapArrivalSlack() + 1) * period;
                for (int k = 0; k < edgeNs.length; k++) {
                    double d = Math.abs((double) (edgeEventNs[k] - markEventNs[j]));
                    if (d <= reach) {
                        cand.add(new Candidate(edgeNs[k] - markNs[j], j, k, d / period));
                    }
                }
            } else {
                long lo = markArrival[j] - 1 - s.bootstrapArrivalSlack() - edgeBase;
                long hi = markArrival[j] + s.bootstrapArrivalSlack() - edgeBase;
                for (long k = Math.max(0, lo); k <= hi && k < edgeNs.length; k++) {
                    cand.add(new Candidate(edgeNs[(int) k] - markNs[j], j, (int) k,
                            Math.abs((k + edgeBase) - (markArrival[j] - 0.5))));
                }
            }
        }
        cand.sort((p, q) -> Long.compare(p.offset(), q.offset()));
        double span = (double) (markNs[marks - 1] - markNs[0]);
        double tol = 10.0 * s.jitterSigmaNs() + 2.0 * s.maxSkew() * span;
        int minVotes = Math.max(3, (int) Math.ceil(0.6 * marks));

        int bestStart = -1;
        int bestEnd = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        int bestVotes = 0;
        List<double[]> hypotheses = new ArrayList<>(); // {offset, cost}
        int end = 0;
        for (int i = 0; i < cand.size(); i++) {
            end = Math.max(end, i);
            while (end + 1 < cand.size() && cand.get(end + 1).offset() - cand.get(i).offset() <= tol) {
                end++;
            }
            boolean[] seen = new boolean[marks];
            int votes = 0;
            double cost = 0;
            for (int q = i; q <= end; q++) {
                Candidate c = cand.get(q);
                if (!seen[c.mark()]) {
                    seen[c.mark()] = true;
                    votes++;
                    cost += c.lag();
                }
            }
            if (votes < minVotes) {
                continue;
            }
            cost /= votes;
            hypotheses.add(new double[] {cand.get(i).offset(), cost});
            boolean better = cost < bestCost - 1e-9
                    || (Math.abs(cost - bestCost) <= 1e-9 && votes > bestVotes);
            if (better) {
                bestCost = cost;
                bestVotes = votes;
                bestStart = i;
                bestEnd = end;
            }
        }
        if (bestStart < 0) {
            return new Choice(null, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        double bestOffset = cand.get(bestStart).offset();
        double second = Double.POSITIVE_INFINITY;
        for (double[] h : hypotheses) {
            if (Math.abs(h[0] - bestOffset) >= period / 2) {
                second = Math.min(second, h[1]);
            }
        }
        return new Choice(cand.subList(bestStart, bestEnd + 1), bestCost, second);
    }

    private static Pairs refine(List<Candidate> cluster, long[] markNs, long[] edgeNs, ClockSyncSettings s) {
        long[] offsets = cluster.stream().mapToLong(Candidate::offset).sorted().toArray();
        long median = offsets[offsets.length / 2];
        // one mark per edge and one edge per mark: keep the candidate closest to the cluster median
        int[] bestForMark = new int[markNs.length];
        int[] bestForEdge = new int[edgeNs.length];
        Arrays.fill(bestForMark, -1);
        Arrays.fill(bestForEdge, -1);
        for (int q = 0; q < cluster.size(); q++) {
            Candidate c = cluster.get(q);
            long dist = Math.abs(c.offset() - median);
            if (bestForMark[c.mark()] < 0 || dist < Math.abs(cluster.get(bestForMark[c.mark()]).offset() - median)) {
                bestForMark[c.mark()] = q;
            }
            if (bestForEdge[c.edge()] < 0 || dist < Math.abs(cluster.get(bestForEdge[c.edge()]).offset() - median)) {
                bestForEdge[c.edge()] = q;
            }
        }
        List<long[]> kept = new ArrayList<>();
        for (int q = 0; q < cluster.size(); q++) {
            Candidate c = cluster.get(q);
            if (bestForMark[c.mark()] == q && bestForEdge[c.edge()] == q) {
                kept.add(new long[] {markNs[c.mark()], edgeNs[c.edge()]});
            }
        }
        kept.sort((p, q) -> Long.compare(p[0], q[0]));
        for (int iteration = 0; iteration < 2 && kept.size() >= 3; iteration++) {
            kept = dropOutliers(kept, s.jitterSigmaNs());
        }
        long[] xs = kept.stream().mapToLong(p -> p[0]).toArray();
        long[] ms = kept.stream().mapToLong(p -> p[1]).toArray();
        return new Pairs(xs, ms);
    }

    /** Least-squares line, then drop |r − median r| > max(5·1.4826·MAD, 5σ). */
    private static List<long[]> dropOutliers(List<long[]> pairs, double sigmaPrior) {
        long x0 = pairs.get(0)[0];
        long m0 = pairs.get(0)[1];
        RunningLineFit fit = new RunningLineFit();
        for (long[] p : pairs) {
            fit.add(p[0] - x0, (p[1] - m0) - (p[0] - x0));
        }
        double[] r = new double[pairs.size()];
        for (int i = 0; i < r.length; i++) {
            long[] p = pairs.get(i);
            double u = p[0] - x0;
            double v = (double) ((p[1] - m0) - (p[0] - x0));
            r[i] = v - (fit.meanV() + fit.slope() * (u - fit.meanU()));
        }
        double med = median(r.clone());
        double[] dev = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            dev[i] = Math.abs(r[i] - med);
        }
        double limit = Math.max(5.0 * 1.4826 * median(dev.clone()), 5.0 * sigmaPrior);
        List<long[]> kept = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            if (dev[i] <= limit) {
                kept.add(pairs.get(i));
            }
        }
        return kept;
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}
