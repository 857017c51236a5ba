package org.operando.simulator;

/**
 * Potentiostat blocks: samples equally spaced by the nominal period in the instrument clock, so in master time
 * they are spaced by period·(1 + skew); each sample's physics is evaluated at its true master time. The block's
 * first stamp carries the clock jitter; potential and current carry N(0, σ_E²) and N(0, σ_I²) noise.
 */
final class EcSource implements EventSource {
    private final String instrumentId;
    private final ClockTruth clock;
    private final ElectrochemSettings s;
    private final Electrochemistry ec;
    private final long masterStart;
    private final long end;
    private final double jitterNs;
    private final FastRandom rng;
    private final long firstInstrumentNs;
    private long sequence;

    EcSource(String instrumentId, ClockTruth clock, SimulationSettings settings, Electrochemistry ec,
             FastRandom rng) {
        this.instrumentId = instrumentId;
        this.clock = clock;
        this.s = settings.electrochem();
        this.ec = ec;
        this.masterStart = settings.masterStartNs();
        this.end = settings.masterStartNs() + settings.durationNs();
        this.jitterNs = settings.clocks().jitterNs();
        this.rng = rng;
        this.firstInstrumentNs = clock.instrumentFromMaster(masterStart);
    }

    private long blockStartInstrumentNs(long seq) {
        return firstInstrumentNs + seq * s.blockSize() * s.samplePeriodNs();
    }

    @Override
    public long peekMasterNs() {
        long m = clock.masterFromInstrument(blockStartInstrumentNs(sequence));
        return m < end ? m : Long.MAX_VALUE;
    }

    @Override
    public SimEvent next() {
        long start = blockStartInstrumentNs(sequence);
        int n = s.blockSize();
        double[] e = new double[n];
        double[] i = new double[n];
        long firstMaster = clock.masterFromInstrument(start);
        for (int k = 0; k < n; k++) {
            long m = clock.masterFromInstrument(start + k * s.samplePeriodNs());
            double t = (m - masterStart) * 1e-9;
            e[k] = ec.potential(t) + s.potentialNoiseV() * rng.nextGaussian();
            i[k] = ec.current(t) + s.currentNoiseA() * rng.nextGaussian();
        }
        long stamp = start + (jitterNs > 0 ? Math.round(jitterNs * rng.nextGaussian()) : 0);
        return new EcBlockEvent(instrumentId, sequence++, stamp, s.samplePeriodNs(), e, i, s.technique(),
                firstMaster);
    }
}
