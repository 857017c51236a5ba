package org.operando.streams.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Test-scope generator of one instrument's trigger marks and the master edges, with ground truth.
 *
 * <p>Master edges at M0 + k·T (exact). The instrument clock reads x = X0 + (m − M0)/(1 + b) + jitter,
 * i.e. master = M0 + (1 + b)·(x − X0): the offset a = M0 − (1 + b)·X0 is as large as X0 and M0 make it.
 * Each event gets a delivery time (its true master time plus a random delay per stream); the list is
 * sorted by delivery, which produces the cross-stream disorder a broker would.
 */
final class SyntheticTriggerStreams {

    /**
     * One delivered event: a master edge, an instrument mark, or a frame to put on the master clock.
     * {@code eventNs} is the true master time of what it records (a producer's record timestamp with a
     * perfect common clock); {@code deliveryNs} is when it reaches the processor.
     */
    record Event(Kind kind, long timeNs, double deliveryNs, long eventNs) {
        Event withDeliveryNs(double d) {
            return new Event(kind, timeNs, d, eventNs);
        }
    }

    enum Kind { MASTER, MARK, FRAME }

    /** Generator parameters; see the class comment. */
    record Params(long periodNs, long masterStartNs, long instrumentStartNs, double skew, double jitterNs,
                  double missProbability, double spuriousProbability, double duplicateProbability,
                  double maxDelayNs, long durationNs, long frameEveryNs, long seed) {
        static Params typical(long seed) {
            return new Params(100_000_000L, 1_000_000_000L, 9_000_000_000_000L, 50e-6, 1_000.0, 0.01, 0.01, 0.0,
                    30_000_000.0, 120_000_000_000L, 33_333_333L, seed);
        }

        Params withSeed(long s) {
            return new Params(periodNs, masterStartNs, instrumentStartNs, skew, jitterNs, missProbability,
                    spuriousProbability, duplicateProbability, maxDelayNs, durationNs, frameEveryNs, s);
        }

        Params withMiss(double p) {
            return new Params(periodNs, masterStartNs, instrumentStartNs, skew, jitterNs, p, spuriousProbability,
                    duplicateProbability, maxDelayNs, durationNs, frameEveryNs, seed);
        }

        Params withDuplicates(double p) {
            return new Params(periodNs, masterStartNs, instrumentStartNs, skew, jitterNs, missProbability,
                    spuriousProbability, p, maxDelayNs, durationNs, frameEveryNs, seed);
        }

        Params withMaxDelayNs(double d) {
            return new Params(periodNs, masterStartNs, instrumentStartNs, skew, jitterNs, missProbability,
                    spuriousProbability, duplicateProbability, d, durationNs, frameEveryNs, seed);
        }

        Params withDurationNs(long d) {
            return new Params(periodNs, masterStartNs, instrumentStartNs, skew, jitterNs, missProbability,
                    spuriousProbability, duplicateProbability, maxDelayNs, d, frameEveryNs, seed);
        }

        Params withClocks(long masterStart, long instrumentStart, double b) {
            return new Params(periodNs, masterStart, instrumentStart, b, jitterNs, missProbability,
                    spuriousProbability, duplicateProbability, maxDelayNs, durationNs, frameEveryNs, seed);
        }
    }

    final Params params;
    final List<Event> events = new ArrayList<>();
    /** True mark instrument time → its master edge, for every delivered true mark. */
    final Map<Long, Long> trueEdgeOfMark = new HashMap<>();
    int spuriousMarks;
    int missedEdges;
    int duplicateMarks;

    SyntheticTriggerStreams(Params p) {
        this.params = p;
        SplittableRandom rnd = new SplittableRandom(p.seed());
        long edges = p.durationNs() / p.periodNs();
        List<Event> out = new ArrayList<>();
        for (long k = 0; k < edges; k++) {
            long m = p.masterStartNs() + k * p.periodNs();
            out.add(new Event(Kind.MASTER, m, m + rnd.nextDouble() * p.maxDelayNs(), m));
            if (rnd.nextDouble() < p.missProbability()) {
                missedEdges++;
            } else {
                long x = instrumentAt(m - p.masterStartNs(), gaussian(rnd) * p.jitterNs());
                double delivery = m + rnd.nextDouble() * p.maxDelayNs();
                out.add(new Event(Kind.MARK, x, delivery, m));
                trueEdgeOfMark.put(x, m);
                // both draws are made whatever the probability, so adding duplicates changes nothing else
                boolean duplicate = rnd.nextDouble() < p.duplicateProbability();
                double duplicateDelay = rnd.nextDouble() * p.periodNs();
                if (duplicate) {
                    duplicateMarks++;
                    out.add(new Event(Kind.MARK, x, delivery + duplicateDelay, m));
                }
            }
            if (rnd.nextDouble() < p.spuriousProbability()) {
                double t = (k + rnd.nextDouble()) * p.periodNs();
                spuriousMarks++;
                out.add(new Event(Kind.MARK, instrumentAt(Math.round(t), 0.0),
                        p.masterStartNs() + t + rnd.nextDouble() * p.maxDelayNs(), p.masterStartNs() + Math.round(t)));
            }
        }
        long instrumentEnd = instrumentAt(p.durationNs(), 0);
        for (long x = p.instrumentStartNs() + rnd.nextLong(p.frameEveryNs()); x < instrumentEnd; x += p.frameEveryNs()) {
            long master = p.masterStartNs() + Math.round(truthRelativeNs(x));
            out.add(new Event(Kind.FRAME, x, master, master));
        }
        out.sort(Comparator.comparingDouble(Event::deliveryNs));
        events.addAll(out);
    }

    private long instrumentAt(long masterSinceStart, double jitter) {
        return p().instrumentStartNs() + Math.round(masterSinceStart / (1.0 + p().skew()) + jitter);
    }

    private Params p() {
        return params;
    }

    /** True master time of instrument time x, relative to masterStartNs (double, sub-ns). */
    double truthRelativeNs(long x) {
        double xi = (double) (x - params.instrumentStartNs());
        return xi + params.skew() * xi;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Feeds every master edge and mark to {@code sync} in delivery order; frames are skipped. */
    void feed(ClockSync sync) {
        feed(events, sync, false);
    }

    /** Feeds these events in list order, with their event times when {@code withEventTimes}. */
    static void feed(List<Event> list, ClockSync sync, boolean withEventTimes) {
        for (Event e : list) {
            long t = withEventTimes ? e.eventNs() : ClockSync.NO_EVENT_TIME;
            if (e.kind() == Kind.MASTER) {
                sync.onMasterEdge(e.timeNs(), t);
            } else if (e.kind() == Kind.MARK) {
                sync.onInstrumentMark(e.timeNs(), t);
            }
        }
    }
}
