package org.operando.simulator;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Turns the ordered event stream into a faulty delivery stream (seeded, deterministic). Output is in non-decreasing
 * {@link Delivery#deliverAtMasterNs()}; every delivery time is at or after the event's true master time, so an event
 * can be released as soon as the source has moved past its delivery time.
 *
 * <ul>
 *   <li>gap: at rate gapsPerS, one instrument (chosen from the event that opens it) loses every event for
 *       gapDurationS;</li>
 *   <li>burst: at rate burstsPerS, one instrument's events are held for burstDurationS and released together;</li>
 *   <li>duplicate / reorder / late: per event with the given fractions (reorder delay U(0, window), late delay
 *       fixed).</li>
 * </ul>
 * Trigger events of the timing generator are faulted like any other.
 */
public final class FaultInjector implements Iterator<Delivery> {
    private final Iterator<SimEvent> source;
    private final FaultSettings f;
    private final FastRandom rng;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private final Map<String, Long> gapUntil = new HashMap<>();
    private final Map<String, Long> burstUntil = new HashMap<>();
    private SimEvent lookahead;
    private long lastMaster;
    private long counter;
    private long nextGapNs;
    private long nextBurstNs;

    private record Pending(long at, long order, Delivery delivery) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    /**
     * @param source events in non-decreasing true master time
     * @param faults fault rates
     * @param seed   seed of the fault decisions
     */
    public FaultInjector(Iterator<SimEvent> source, FaultSettings faults, long seed) {
        this.source = Check.notNull("source", source);
        this.f = Check.notNull("faults", faults);
        this.rng = new FastRandom(seed);
        this.lastMaster = Long.MIN_VALUE;
        this.nextGapNs = Long.MIN_VALUE;
        this.nextBurstNs = Long.MIN_VALUE;
    }

    @Override
    public boolean hasNext() {
        fill();
        return !pending.isEmpty();
    }

    @Override
    public Delivery next() {
        fill();
        Pending p = pending.poll();
        if (p == null) {
            throw new NoSuchElementException("No more deliveries");
        }
        return p.delivery();
    }

    /** Pulls source events until the earliest pending delivery is due (nothing later can precede it). */
    private void fill() {
        while (true) {
            if (lookahead == null && source.hasNext()) {
                lookahead = source.next();
            }
            if (lookahead == null) {
                return;
            }
            if (!pending.isEmpty() && pending.peek().at() <= lookahead.trueMasterTimeNs()) {
                return;
            }
            SimEvent e = lookahead;
            lookahead = null;
            inject(e);
        }
    }

    private void inject(SimEvent e) {
        long t = e.trueMasterTimeNs();
        if (t < lastMaster) {
            throw new IllegalArgumentException("Source events must be in non-decreasing master time: " + t
                    + " after " + lastMaster);
        }
        lastMaster = t;
        String id = e.instrumentId();
        if (nextGapNs == Long.MIN_VALUE) {
            nextGapNs = t + nextInterval(f.gapsPerS());
            nextBurstNs = t + nextInterval(f.burstsPerS());
        }
        if (t >= nextGapNs) {
            gapUntil.put(id, t + (long) (f.gapDurationS() * 1e9));
            nextGapNs = t + nextInterval(f.gapsPerS());
        }
        if (t >= nextBurstNs) {
            burstUntil.put(id, t + (long) (f.burstDurationS() * 1e9));
            nextBurstNs = t + nextInterval(f.burstsPerS());
        }
        Long gap = gapUntil.get(id);
        if (gap != null && t < gap) {
            return;
        }
        Long burst = burstUntil.get(id);
        if (burst != null && t < burst) {
            add(burst, e, Delivery.Fault.BURST);
            return;
        }
        double u = rng.nextDouble();
        if (u < f.lateFraction()) {
            add(t + (long) (f.lateDelayS() * 1e9), e, Delivery.Fault.LATE);
        } else if (u < f.lateFraction() + f.reorderFraction()) {
            add(t + 1 + (long) (rng.nextDouble() * f.reorderWindowS() * 1e9), e, Delivery.Fault.REORDERED);
        } else {
            add(t, e, Delivery.Fault.NONE);
        }
        if (rng.nextDouble() < f.duplicateFraction()) {
            add(t + 1 + (long) (rng.nextDouble() * 1e7), e, Delivery.Fault.DUPLICATE);
        }
    }

    private long nextInterval(double ratePerS) {
        return ratePerS > 0 ? 1 + (long) (rng.nextExponential(1.0 / ratePerS) * 1e9) : Long.MAX_VALUE / 4;
    }

    private void add(long at, SimEvent e, Delivery.Fault fault) {
        pending.add(new Pending(at, counter++, new Delivery(e, at, fault)));
    }
}
