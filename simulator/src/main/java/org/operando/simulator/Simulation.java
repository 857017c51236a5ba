package org.operando.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * One simulated run: a specimen seen by EM and optical instruments and driven by a potentiostat, with a timing
 * generator whose clock is the master clock. Iterating yields every event of the run in non-decreasing true master
 * time (ties broken by a fixed instrument order), before any fault injection ({@link #withFaults()} adds those).
 *
 * <p>Deterministic: the same settings and run index give the same events, field for field and byte for byte. Every
 * random stream (clock draws, drift, frame noise, trigger jitter) is derived from the run seed and a fixed purpose
 * tag, and frame noise also from the frame's sequence number. Not thread-safe; one thread iterates a simulation
 * (several runs can be iterated on several threads).
 */
public final class Simulation implements Iterator<SimEvent> {
    private static final long TAG_CLOCK = 1;
    private static final long TAG_SPECIMEN = 2;
    private static final long TAG_DRIFT = 3;
    private static final long TAG_NOISE = 4;
    private static final long TAG_TRIGGER = 5;
    private static final long TAG_TIMING = 6;
    private static final long TAG_EC = 7;
    private static final long TAG_FAULTS = 8;

    private final SimulationSettings settings;
    private final long runSeed;
    private final Geometry geometry;
    private final Specimen specimen;
    private final Electrochemistry electrochemistry;
    private final DepositionState deposition;
    private final Map<String, ClockTruth> clocks = new LinkedHashMap<>();
    private final List<InstrumentDescriptor> instruments = new ArrayList<>();
    private final List<EventSource> sources = new ArrayList<>();

    private Simulation(SimulationSettings settings, int runIndex) {
        this.settings = Check.notNull("settings", settings);
        if (runIndex < 0) {
            throw new IllegalArgumentException("runIndex must be >= 0. Got: " + runIndex);
        }
        this.runSeed = runIndex == 0 ? settings.seed() : FastRandom.seedFor(settings.seed(), runIndex);
        this.geometry = Geometry.of(settings.em(), settings.optical());
        this.specimen = Specimen.generate(settings.specimen(), geometry,
                new FastRandom(FastRandom.seedFor(runSeed, TAG_SPECIMEN)));
        this.electrochemistry = new Electrochemistry(settings.electrochem());
        this.deposition = new DepositionState(electrochemistry, settings.specimen().trueLagS());
        build();
    }

    /** Run 0 of {@code settings} (seed = settings.seed()). */
    public static Simulation create(SimulationSettings settings) {
        return new Simulation(settings, 0);
    }

    /** Run {@code runIndex} of {@code settings}: run 0 uses settings.seed(), run r &gt; 0 a seed derived from it. */
    public static Simulation create(SimulationSettings settings, int runIndex) {
        return new Simulation(settings, runIndex);
    }

    private void build() {
        FastRandom clockRng = new FastRandom(FastRandom.seedFor(runSeed, TAG_CLOCK));
        long period = settings.triggerPeriodNs();
        clocks.put("timing", ClockTruth.master());
        sources.add(new TriggerSource("timing", ClockTruth.master(), settings, true,
                new FastRandom(FastRandom.seedFor(runSeed, TAG_TIMING))));
        List<String> tapping = new ArrayList<>();
        EmSettings em = settings.em();
        OpticalSettings opt = settings.optical();
        double[] opticalToEm = geometry.opticalToEmPx().m();
        Affine2D opticalToSpecimen = geometry.specimenToOpticalPx().inverse();
        for (int k = 1; k <= em.count(); k++) {
            String id = "em-" + k;
            ClockTruth clock = drawClock(clockRng);
            clocks.put(id, clock);
            tapping.add(id);
            instruments.add(new InstrumentDescriptor(id, Modality.EM, em.pixelSizeNm(), em.width(), em.height(),
                    em.nominalMagnification(), geometry.emStageXNm(), geometry.emStageYNm(), em.framePeriodNs(), 0));
            EmRenderer renderer = new EmRenderer(em, geometry, specimen, settings.pumpProbe());
            PumpProbeSettings pp = settings.pumpProbe();
            FrameSource.Renderer r = (seq, midS, dx, dy, noise) -> {
                Long delay = pp.enabled() ? pp.delayFs(seq) : null;
                Boolean on = pp.enabled() ? pp.pumpOn(seq) : null;
                double deltaI = pp.enabled() && on ? pp.response(delay) : 0.0;
                short[] px = renderer.render(dx, dy, radiusScale(midS), deltaI, noise);
                return new FrameSource.Rendered(em.width(), em.height(), px, geometry.emStageXNm(),
                        geometry.emStageYNm(), delay, on, null);
            };
            sources.add(frameSource(id, Modality.EM, clock, em.framePeriodNs(), em.exposureNs(), em.pixelSizeNm(),
                    settings.emDrift(), r, k));
        }
        for (int k = 1; k <= opt.count(); k++) {
            String id = "opt-" + k;
            ClockTruth clock = drawClock(clockRng);
            clocks.put(id, clock);
            tapping.add(id);
            double sx = opticalToSpecimen.applyX(0, 0);
            double sy = opticalToSpecimen.applyY(0, 0);
            instruments.add(new InstrumentDescriptor(id, Modality.OPTICAL, opt.pixelSizeNm(), opt.width(),
                    opt.height(), opt.nominalMagnification(), sx, sy, opt.framePeriodNs(), 0));
            OpticalRenderer renderer = new OpticalRenderer(opt, geometry, specimen);
            double exposureS = opt.exposureNs() * 1e-9;
            FrameSource.Renderer r = (seq, midS, dx, dy, noise) -> {
                double bleach = Math.exp(-(seq + 0.5) * exposureS / opt.bleachTimeS());
                double region = Math.max(0.0, 1.0 + settings.specimen().regionChemistryGain() * lagged(midS));
                short[] px = renderer.render(dx, dy, bleach, region, noise);
                return new FrameSource.Rendered(opt.width(), opt.height(), px, sx, sy, null, null,
                        opticalToEm.clone());
            };
            sources.add(frameSource(id, Modality.OPTICAL, clock, opt.framePeriodNs(), opt.exposureNs(),
                    opt.pixelSizeNm(), settings.opticalDrift(), r, 100 + k));
        }
        if (settings.electrochem().enabled()) {
            ElectrochemSettings ec = settings.electrochem();
            String id = "pstat-1";
            ClockTruth clock = drawClock(clockRng);
            clocks.put(id, clock);
            tapping.add(id);
            instruments.add(new InstrumentDescriptor(id, Modality.ELECTROCHEM, 0, 0, 0, 0, 0, 0,
                    ec.blockSize() * ec.samplePeriodNs(), ec.samplePeriodNs()));
            sources.add(new EcSource(id, clock, settings, electrochemistry,
                    new FastRandom(FastRandom.seedFor(runSeed, TAG_EC))));
        }
        instruments.add(new InstrumentDescriptor("timing", Modality.TIMING, 0, 0, 0, 0, 0, 0, period, 0));
        for (int k = 0; k < tapping.size(); k++) {
            String id = tapping.get(k);
            sources.add(new TriggerSource(id, clocks.get(id), settings, false,
                    new FastRandom(FastRandom.seedFor(runSeed, TAG_TRIGGER, k))));
        }
    }

    private FrameSource frameSource(String id, Modality modality, ClockTruth clock, long periodNs, long exposureNs,
                                    double pixelNm, DriftSettings drift, FrameSource.Renderer renderer, int tag) {
        DriftTrajectory trajectory = new DriftTrajectory(drift,
                new FastRandom(FastRandom.seedFor(runSeed, TAG_DRIFT, tag)));
        return new FrameSource(id, modality, clock, settings, periodNs, exposureNs, pixelNm, trajectory, renderer,
                new FastRandom(FastRandom.seedFor(runSeed, TAG_CLOCK, tag)),
                FastRandom.seedFor(runSeed, TAG_NOISE, tag));
    }

    /** Offset a = t0 − U(minOffset, maxOffset), skew b = U(−maxSkew, +maxSkew). */
    private ClockTruth drawClock(FastRandom rng) {
        ClockSettings c = settings.clocks();
        long back = c.minOffsetNs() + (long) (rng.nextDouble() * (c.maxOffsetNs() - c.minOffsetNs()));
        double skew = rng.uniform(-1.0, 1.0) * c.maxSkewPpm() * 1e-6;
        return new ClockTruth(settings.masterStartNs() - back, skew);
    }

    private double lagged(double tS) {
        return deposition.lagged(tS);
    }

    /** Particle radius factor at t: max(0.2, 1 + growthPerCharge·y(t)). */
    private double radiusScale(double tS) {
        return Math.max(0.2, 1.0 + settings.specimen().growthPerCharge() * deposition.lagged(tS));
    }

    @Override
    public boolean hasNext() {
        for (EventSource s : sources) {
            if (s.peekMasterNs() != Long.MAX_VALUE) {
                return true;
            }
        }
        return false;
    }

    @Override
    public SimEvent next() {
        EventSource best = null;
        long bestT = Long.MAX_VALUE;
        for (EventSource s : sources) {
            long t = s.peekMasterNs();
            if (t < bestT) {
                bestT = t;
                best = s;
            }
        }
        if (best == null) {
            throw new NoSuchElementException("The simulation has ended (duration " + settings.durationNs() + " ns)");
        }
        return best.next();
    }

    /** This run's events as delivered with the settings' faults (seeded from the run seed). */
    public Iterator<Delivery> withFaults() {
        return new FaultInjector(this, settings.faults(), FastRandom.seedFor(runSeed, TAG_FAULTS));
    }

    public SimulationSettings settings() {
        return settings;
    }

    /** The seed this run's streams derive from. */
    public long runSeed() {
        return runSeed;
    }

    /** Descriptors of every instrument: EM, optical, potentiostat, timing generator (in that order). */
    public List<InstrumentDescriptor> instruments() {
        return Collections.unmodifiableList(instruments);
    }

    /** The true clock of {@code instrumentId} ("timing" is the identity). */
    public ClockTruth clockTruth(String instrumentId) {
        ClockTruth c = clocks.get(instrumentId);
        if (c == null) {
            throw new IllegalArgumentException("Unknown instrument '" + instrumentId + "'. Expected one of "
                    + clocks.keySet());
        }
        return c;
    }

    /** Truth: τ of the first-order lag from deposited charge to particle radius and region brightness, s. */
    public double trueLagS() {
        return settings.specimen().trueLagS();
    }

    /** Truth: τ0 of the pump-probe response ΔI(τ) = A(1 − exp(−τ/τ0)), s. */
    public double trueTauS() {
        return settings.pumpProbe().trueTauS();
    }

    /** Truth: cathodic (growth) and anodic (dissolution) peak potentials, V. */
    public double trueCathodicPeakV() {
        return settings.electrochem().cathodicPeakV();
    }

    public double trueAnodicPeakV() {
        return settings.electrochem().anodicPeakV();
    }

    /** Truth: every fiducial, in specimen nm (convert with {@link #geometry()}). */
    public List<Fiducial> fiducials() {
        return specimen.fiducials();
    }

    /** Truth: the whole specimen. */
    public Specimen specimen() {
        return specimen;
    }

    /** Truth: stage positions and the specimen ↔ pixel maps. */
    public Geometry geometry() {
        return geometry;
    }

    /** Truth: undrifted optical px → undrifted EM px (same for every optical/EM pair). */
    public Affine2D trueOpticalToEmAffine() {
        return geometry.opticalToEmPx();
    }

    /**
     * Truth: particle radius factor at master time {@code masterNs}. Shares the chemistry integrator with the frames:
     * call it at or behind the iteration point (at most ~30 s behind the latest query, frames included).
     */
    public double trueRadiusScale(long masterNs) {
        return radiusScale((masterNs - settings.masterStartNs()) * 1e-9);
    }
}
