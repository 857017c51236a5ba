package org.operando.simulator;

/**
 * Everything a {@link Simulation} needs; immutable, validated, with {@code withX} copies.
 *
 * @param seed            master seed; the same seed and settings give the same events, byte for byte
 * @param masterStartNs   master time of the first trigger edge t0, ns (the timing generator's clock)
 * @param durationNs      simulated master time span, ns
 * @param triggerPeriodNs trigger period T, ns (edges at t0 + k·T)
 * @param runs            concurrent runs the CLI should start (run r uses {@link Simulation#create(SimulationSettings,
 *                        int)} with index r, hence its own seed)
 */
public record SimulationSettings(long seed, long masterStartNs, long durationNs, long triggerPeriodNs, int runs,
                                 ClockSettings clocks, EmSettings em, OpticalSettings optical,
                                 ElectrochemSettings electrochem, SpecimenSettings specimen, DriftSettings emDrift,
                                 DriftSettings opticalDrift, PumpProbeSettings pumpProbe, FaultSettings faults) {
    /** 2025-11-22T00:00:00Z in ns since the epoch: a realistic wall-clock master time. */
    public static final long DEFAULT_MASTER_START_NS = 1_763_769_600_000_000_000L;

    /** EM pixel size of the demo world, nm. */
    public static final double DEMO_EM_PIXEL_NM = 4.0;
    /**
     * EM dose of the demo world, electrons per pixel per frame: twice the EM default, as four times the specimen area per
     * pixel takes a like dose per area at half the magnification; it keeps the drift error in pixels where the 2 nm
     * world had it.
     */
    public static final double DEMO_EM_DOSE = 200.0;
    /** Shared (EM and optical) fiducials of the demo world. */
    public static final int DEMO_SHARED_FIDUCIALS = 9;

    public SimulationSettings {
        Check.range("masterStartNs", masterStartNs, 0, Long.MAX_VALUE / 2);
        Check.range("durationNs", durationNs, 1, Long.MAX_VALUE / 4);
        Check.range("triggerPeriodNs", triggerPeriodNs, 1_000, 3_600_000_000_000L);
        Check.range("runs", runs, 1, 10_000);
        Check.notNull("clocks", clocks);
        Check.notNull("em", em);
        Check.notNull("optical", optical);
        Check.notNull("electrochem", electrochem);
        Check.notNull("specimen", specimen);
        Check.notNull("emDrift", emDrift);
        Check.notNull("opticalDrift", opticalDrift);
        Check.notNull("pumpProbe", pumpProbe);
        Check.notNull("faults", faults);
    }

    /**
     * The demo world: one EM, one optical camera, one potentiostat, default clocks, 60 s, no faults. The EM frame
     * (512² at {@value #DEMO_EM_PIXEL_NM} nm, a 2 µm field) holds a 3 × 3 grid of shared fiducials ~540 nm (~7 optical
     * px, 2.7 PSF widths) apart and the default specimen's particles scaled with the field ({@link #demoSpecimen()}), so every stage, co-registration included, has what it needs: at 2 nm per pixel the
     * 1 µm field is five PSF widths across and its beads merge in the optical image.
     */
    public static SimulationSettings defaults() {
        return new SimulationSettings(42L, DEFAULT_MASTER_START_NS, 60_000_000_000L, 100_000_000L, 1,
                ClockSettings.defaults(), EmSettings.defaults().withPixelSizeNm(DEMO_EM_PIXEL_NM).withDosePerPixel(DEMO_EM_DOSE),
                OpticalSettings.defaults(), ElectrochemSettings.defaults(),
                demoSpecimen(), DriftSettings.emDefaults(),
                DriftSettings.opticalDefaults(), PumpProbeSettings.off(), FaultSettings.none());
    }

    /**
     * The default specimen as it looked at 2 nm per pixel, on the demo's 4 nm pixels: its particles at twice the radius,
     * so a 512² EM frame shows the drift stage a like texture and the correlation the same particle statistics in
     * pixels; the gold fiducials keep their 15 nm (so the EM spot detector tells them from the particles), nine of
     * the 26 shared with the optical image.
     */
    private static SpecimenSettings demoSpecimen() {
        SpecimenSettings d = SpecimenSettings.defaults();
        double scale = DEMO_EM_PIXEL_NM / EmSettings.defaults().pixelSizeNm();
        int gold = d.sharedFiducials() + d.emOnlyFiducials();
        return d.withFiducials(DEMO_SHARED_FIDUCIALS, gold - DEMO_SHARED_FIDUCIALS, d.fiducialDiameterNm())
                .withParticleRadiiNm(d.particleRadiusMinNm() * scale, d.particleRadiusMaxNm() * scale);
    }

    public SimulationSettings withSeed(long v) {
        return new SimulationSettings(v, masterStartNs, durationNs, triggerPeriodNs, runs, clocks, em, optical,
                electrochem, specimen, emDrift, opticalDrift, pumpProbe, faults);
    }

    public SimulationSettings withMasterStartNs(long v) {
        return new SimulationSettings(seed, v, durationNs, triggerPeriodNs, runs, clocks, em, optical, electrochem,
                specimen, emDrift, opticalDrift, pumpProbe, faults);
    }

    public SimulationSettings withDurationNs(long v) {
        return new SimulationSettings(seed, masterStartNs, v, triggerPeriodNs, runs, clocks, em, optical,
                electrochem, specimen, emDrift, opticalDrift, pumpProbe, faults);
    }

    public SimulationSettings withTriggerPeriodNs(long v) {
        return new SimulationSettings(seed, masterStartNs, durationNs, v, runs, clocks, em, optical, electrochem,
                specimen, emDrift, opticalDrift, pumpProbe, faults);
    }

    public SimulationSettings withRuns(int v) {
        return new SimulationSettings(seed, masterStartNs, durationNs, triggerPeriodNs, v, clocks, em, optical,
                electrochem, specimen, emDrift, opticalDrift, pumpProbe, faults);
    }

    public SimulationSettings withClocks(ClockSettings v) {
        return new SimulationSettings(seed, masterStartNs, durationNs, triggerPeriodNs, runs, v, em, optical,
                electrochem, specimen, emDrift, opticalDrift, pumpProbe, faults);
    }

    public SimulationSettings withEm(EmSettings v) {
        return new SimulationSettings(seed, masterStartNs, durationNs, triggerPeriodNs, runs, clocks, v, optical,
                electrochem, specimen, emDrift, opticalDrift, pumpProbe, faults);
    }

    public SimulationSettings withOptical(OpticalSettings v) {
        return new SimulationSettings(seed, masterStartNs, durationNs, triggerPeriodNs, runs, clocks, em, v,
                electrochem, specimen, emDrift, opticalDrift, pumpProbe, faults);
    }

    public SimulationSettings withElectrochem(ElectrochemSettings v) {
        return new SimulationSettings(seed, masterStartNs, durationNs, triggerPeriodNs, runs, clocks, em, optical, v,
                specimen, emDrift, opticalDrift, pumpProbe, faults);
    }

    public SimulationSettings withSpecimen(SpecimenSettings v) {
        return new SimulationSettings(seed, masterStartNs, durationNs, triggerPeriodNs, runs, clocks, em, optical,
                electrochem, v, emDrift, opticalDrift, pumpProbe, faults);
    }

    public SimulationSettings withEmDrift(DriftSettings v) {
        return new SimulationSettings(seed, masterStartNs, durationNs, triggerPeriodNs, runs, clocks, em, optical,
                electrochem, specimen, v, opticalDrift, pumpProbe, faults);
    }

    public SimulationSettings withOpticalDrift(DriftSettings v) {
        return new SimulationSettings(seed, masterStartNs, durationNs, triggerPeriodNs, runs, clocks, em, optical,
                electrochem, specimen, emDrift, v, pumpProbe, faults);
    }

    public SimulationSettings withPumpProbe(PumpProbeSettings v) {
        return new SimulationSettings(seed, masterStartNs, durationNs, triggerPeriodNs, runs, clocks, em, optical,
                electrochem, specimen, emDrift, opticalDrift, v, faults);
    }

    public SimulationSettings withFaults(FaultSettings v) {
        return new SimulationSettings(seed, masterStartNs, durationNs, triggerPeriodNs, runs, clocks, em, optical,
                electrochem, specimen, emDrift, opticalDrift, pumpProbe, v);
    }

    /** CLI shorthand: EM frame rate. */
    public SimulationSettings withEmFramesPerSecond(double fps) {
        return withEm(em.withFramesPerSecond(fps));
    }

    /** CLI shorthand: EM frame size (square). */
    public SimulationSettings withEmFrameSize(int size) {
        return withEm(em.withSize(size, size));
    }

    /** CLI shorthand: optical frame rate. */
    public SimulationSettings withOpticalFramesPerSecond(double fps) {
        return withOptical(optical.withFramesPerSecond(fps));
    }

    /** CLI shorthand: number of EM and optical instruments. */
    public SimulationSettings withInstrumentCounts(int emCount, int opticalCount) {
        return withEm(em.withCount(emCount)).withOptical(optical.withCount(opticalCount));
    }

    /** CLI shorthand: potentiostat sample rate (Hz); block size kept at about 0.1 s of samples (at least 100). */
    public SimulationSettings withEcSampleRateHz(double hz) {
        int block = (int) Math.max(100, Math.min(100_000, Math.round(hz / 10.0)));
        return withElectrochem(electrochem.withSampleRate(hz, block));
    }
}
