package org.operando.ops.cli;

import java.time.Duration;
import org.operando.producers.sim.SimulatorSource;
import org.operando.simulator.FaultSettings;
import org.operando.simulator.Profile;
import org.operando.simulator.Simulation;
import org.operando.simulator.SimulationSettings;
import picocli.CommandLine.Option;

/** Simulator options shared by {@code demo} and {@code simulate}: a named profile and the flags that override it. */
public final class SimulationOptions {
    @Option(names = "--profile", defaultValue = "default", paramLabel = "NAME",
            description = "Simulation profile (default: ${DEFAULT-VALUE}). One of:%n  ${sys:operando.profiles}")
    String profile;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed; the same seed and settings give byte-identical streams.")
    Long seed;

    @Option(names = "--em-fps", paramLabel = "HZ", description = "EM frames per second (overrides the profile).")
    Double emFps;

    @Option(names = "--em-size", paramLabel = "PX", description = "EM frame side in pixels, 256..4096 (overrides the profile).")
    Integer emSize;

    @Option(names = "--optical-fps", paramLabel = "HZ", description = "Optical frames per second (overrides the profile).")
    Double opticalFps;

    @Option(names = "--em-instruments", paramLabel = "N", description = "Number of EM instruments (overrides the profile).")
    Integer emInstruments;

    @Option(names = "--optical-instruments", paramLabel = "N", description = "Number of optical instruments (overrides the profile).")
    Integer opticalInstruments;

    @Option(names = "--ec-rate", paramLabel = "HZ", description = "Potentiostat sample rate in Hz (overrides the profile).")
    Double ecRate;

    @Option(names = "--malformed", paramLabel = "FRACTION",
            description = "Fraction of records the producer corrupts, for the dead-letter path (overrides the profile).")
    Double malformed;

    static {
        System.setProperty("operando.profiles", String.join(System.lineSeparator(), Profile.helpLines()));
    }

    /** The profile's settings with the flags applied and the given duration. */
    public SimulationSettings settings(Duration duration) {
        SimulationSettings s = Profile.byName(profile).settings().withDurationNs(duration.toNanos());
        if (seed != null) {
            s = s.withSeed(seed);
        }
        if (emFps != null) {
            s = s.withEmFramesPerSecond(emFps);
        }
        if (emSize != null) {
            s = s.withEmFrameSize(emSize);
        }
        if (opticalFps != null) {
            s = s.withOpticalFramesPerSecond(opticalFps);
        }
        if (emInstruments != null || opticalInstruments != null) {
            s = s.withInstrumentCounts(emInstruments != null ? emInstruments : s.em().count(),
                    opticalInstruments != null ? opticalInstruments : s.optical().count());
        }
        if (ecRate != null) {
            s = s.withEcSampleRateHz(ecRate);
        }
        if (malformed != null) {
            FaultSettings f = s.faults();
            s = s.withFaults(new FaultSettings(f.burstsPerS(), f.burstDurationS(), f.gapsPerS(), f.gapDurationS(),
                    f.duplicateFraction(), f.reorderFraction(), f.reorderWindowS(), f.lateFraction(), f.lateDelayS(), malformed));
        }
        return s;
    }

    public SimulatorSource source(SimulationSettings settings, String runId, int runIndex) {
        return new SimulatorSource(Simulation.create(settings, runIndex), runId);
    }
}
