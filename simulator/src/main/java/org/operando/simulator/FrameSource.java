package org.operando.simulator;

/**
 * Frames of one imaging instrument. Frame k's exposure starts at instrument time s0 + k·P (P the nominal frame
 * period in the instrument clock), i.e. at master time a + (1 + b)·(s0 + k·P); its reported stamp adds the clock
 * jitter. The specimen (chemistry, drift) is evaluated at the exposure midpoint in master time.
 */
final class FrameSource implements EventSource {
    private final String instrumentId;
    private final Modality modality;
    private final ClockTruth clock;
    private final long masterStart;
    private final long end;
    private final long periodNs;
    private final long exposureNs;
    private final long firstInstrumentNs;
    private final double jitterNs;
    private final double pixelSizeNm;
    private final FastRandom timingRng;
    private final DriftTrajectory drift;
    private final Renderer renderer;
    private final long noiseSeed;
    private long sequence;

    /** What differs between EM and optical frames. */
    interface Renderer {
        /** Renders frame {@code sequence} at {@code midS} seconds since master start with the given drift (px). */
        Rendered render(long sequence, double midS, double driftXPx, double driftYPx, long noiseSeed);
    }

    /** A rendered frame with the fields only the renderer knows. */
    record Rendered(int width, int height, short[] pixels, double stageXNm, double stageYNm, Long pumpDelayFs,
                    Boolean pumpOn, double[] opticalToEm) {
    }

    FrameSource(String instrumentId, Modality modality, ClockTruth clock, SimulationSettings settings,
                long periodNs, long exposureNs, double pixelSizeNm, DriftTrajectory drift, Renderer renderer,
                FastRandom timingRng, long noiseSeed) {
        this.instrumentId = instrumentId;
        this.modality = modality;
        this.clock = clock;
        this.masterStart = settings.masterStartNs();
        this.end = settings.masterStartNs() + settings.durationNs();
        this.periodNs = periodNs;
        this.exposureNs = exposureNs;
        this.jitterNs = settings.clocks().jitterNs();
        this.pixelSizeNm = pixelSizeNm;
        this.drift = drift;
        this.renderer = renderer;
        this.timingRng = timingRng;
        this.noiseSeed = noiseSeed;
        long startDelay = (long) (timingRng.nextDouble() * periodNs);
        this.firstInstrumentNs = clock.instrumentFromMaster(masterStart + startDelay);
    }

    private long startInstrumentNs(long seq) {
        return firstInstrumentNs + seq * periodNs;
    }

    @Override
    public long peekMasterNs() {
        long m = clock.masterFromInstrument(startInstrumentNs(sequence));
        return m < end ? m : Long.MAX_VALUE;
    }

    @Override
    public SimEvent next() {
        long seq = sequence++;
        long startInstr = startInstrumentNs(seq);
        long startMaster = clock.masterFromInstrument(startInstr);
        long midMaster = clock.masterFromInstrument(startInstr + exposureNs / 2);
        double midS = (midMaster - masterStart) * 1e-9;
        double[] d = drift.at(midS);
        double dxPx = d[0] / pixelSizeNm;
        double dyPx = d[1] / pixelSizeNm;
        Rendered r = renderer.render(seq, midS, dxPx, dyPx, FastRandom.seedFor(noiseSeed, seq));
        long stamp = startInstr + (jitterNs > 0 ? Math.round(jitterNs * timingRng.nextGaussian()) : 0);
        return new FrameEvent(instrumentId, modality, seq, stamp, exposureNs, r.width(), r.height(), r.pixels(),
                pixelSizeNm, r.stageXNm(), r.stageYNm(), r.pumpDelayFs(), r.pumpOn(), startMaster, d[0], d[1], dxPx,
                dyPx, r.opticalToEm());
    }
}
