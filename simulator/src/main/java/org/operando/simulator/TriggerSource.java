package org.operando.simulator;

/**
 * Trigger marks of one instrument: edge k at master t0 + k·T is seen unless missed (probability
 * {@code missedEdgeFraction}); spurious edges arrive as a Poisson process of rate spuriousEdgeFraction / T. Both are
 * stamped with the instrument clock plus N(0, σ²) jitter. The timing generator itself uses the identity clock, no
 * jitter, no missed or spurious edges.
 */
final class TriggerSource implements EventSource {
    private final String instrumentId;
    private final ClockTruth clock;
    private final long t0;
    private final long period;
    private final long end;
    private final double jitterNs;
    private final double missed;
    private final double spuriousMeanGapNs;
    private final FastRandom rng;
    private long nextEdge;
    private long nextSpuriousNs;

    TriggerSource(String instrumentId, ClockTruth clock, SimulationSettings settings, boolean master, FastRandom rng) {
        this.instrumentId = instrumentId;
        this.clock = clock;
        this.t0 = settings.masterStartNs();
        this.period = settings.triggerPeriodNs();
        this.end = settings.masterStartNs() + settings.durationNs();
        ClockSettings c = settings.clocks();
        this.jitterNs = master ? 0.0 : c.jitterNs();
        this.missed = master ? 0.0 : c.missedEdgeFraction();
        double spurious = master ? 0.0 : c.spuriousEdgeFraction();
        this.spuriousMeanGapNs = spurious > 0 ? period / spurious : Double.POSITIVE_INFINITY;
        this.rng = rng;
        this.nextEdge = 0;
        skipMissed();
        this.nextSpuriousNs = drawSpurious(t0);
    }

    @Override
    public long peekMasterNs() {
        long edge = t0 + nextEdge * period;
        long m = Math.min(edge, nextSpuriousNs);
        return m < end ? m : Long.MAX_VALUE;
    }

    @Override
    public SimEvent next() {
        long edge = t0 + nextEdge * period;
        if (nextSpuriousNs < edge) {
            long m = nextSpuriousNs;
            nextSpuriousNs = drawSpurious(m);
            return new TriggerEvent(instrumentId, TriggerEvent.LINE, stamp(m), -1, m);
        }
        long k = nextEdge;
        nextEdge++;
        skipMissed();
        return new TriggerEvent(instrumentId, TriggerEvent.LINE, stamp(edge), k, edge);
    }

    private long stamp(long masterNs) {
        long exact = clock.instrumentFromMaster(masterNs);
        return jitterNs > 0 ? exact + Math.round(jitterNs * rng.nextGaussian()) : exact;
    }

    private void skipMissed() {
        while (missed > 0 && rng.nextDouble() < missed) {
            nextEdge++;
        }
    }

    private long drawSpurious(long after) {
        if (Double.isInfinite(spuriousMeanGapNs)) {
            return Long.MAX_VALUE;
        }
        return after + 1 + (long) rng.nextExponential(spuriousMeanGapNs);
    }
}
