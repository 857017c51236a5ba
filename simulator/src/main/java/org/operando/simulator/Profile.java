package org.operando.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Named settings for the CLI's {@code --profile NAME}; flags then override single values via {@code withX}. */
public enum Profile {
    DEFAULT("default", "demo: 1 EM 512² (4 nm, 2 µm field, 9 shared fiducials) @ 5 fps, 1 optical 256² @ 10 fps, CV @ 10 kHz, default clocks, 60 s") {
        @Override
        public SimulationSettings settings() {
            return SimulationSettings.defaults();
        }
    },
    OPERANDO("operando", "CV-driven growth/dissolution: faster scans (100 mV/s), twice the default's particles, lag 1.5 s, 5 min") {
        @Override
        public SimulationSettings settings() {
            SimulationSettings d = SimulationSettings.defaults();
            return d.withDurationNs(300_000_000_000L)
                    .withElectrochem(d.electrochem().withScanRateVPerS(0.1))
                    .withSpecimen(d.specimen().withParticles(2 * d.specimen().particles()).withTrueLagS(1.5));
        }
    },
    PUMP_PROBE("pump-probe", "ultrafast EM 256² @ 50 fps, delay scan 100 fs..2 ns, pump on/off per frame, tau0 20 ps") {
        @Override
        public SimulationSettings settings() {
            SimulationSettings d = SimulationSettings.defaults();
            // the 2 nm world of the EM defaults: a 256² field at 4 nm would show few particles in the pump region
            return d.withEm(EmSettings.defaults().withSize(256, 256).withFramesPerSecond(50.0).withDosePerPixel(200.0))
                    .withSpecimen(SpecimenSettings.defaults())
                    .withElectrochem(d.electrochem().withTechnique(Technique.CHRONOAMPEROMETRY))
                    .withPumpProbe(PumpProbeSettings.on());
        }
    },
    COREGISTRATION("coregistration", "EM 1024² at 4 nm (4 µm field) with the EM defaults' specimen: 20 shared beads ~8 optical px apart") {
        @Override
        public SimulationSettings settings() {
            SimulationSettings d = SimulationSettings.defaults();
            return d.withEm(EmSettings.defaults().withSize(1024, 1024).withPixelSizeNm(4.0))
                    .withSpecimen(SpecimenSettings.defaults());
        }
    },
    LOAD_SMALL("load-small", "2 EM 512² @ 50 fps, 2 optical 256² @ 50 fps, EC 100 kHz, 4 runs, 10 min") {
        @Override
        public SimulationSettings settings() {
            return SimulationSettings.defaults().withDurationNs(600_000_000_000L).withRuns(4)
                    .withInstrumentCounts(2, 2).withEmFramesPerSecond(50.0).withOpticalFramesPerSecond(50.0)
                    .withEcSampleRateHz(100_000.0);
        }
    },
    LOAD_LARGE("load-large", "2 EM 2048² @ 20 fps, 2 optical 512² @ 20 fps, EC 100 kHz, 2 runs, 10 min") {
        @Override
        public SimulationSettings settings() {
            SimulationSettings d = SimulationSettings.defaults();
            return d.withDurationNs(600_000_000_000L).withRuns(2).withInstrumentCounts(2, 2)
                    .withEm(d.em().withCount(2).withSize(2048, 2048).withFramesPerSecond(20.0))
                    .withOptical(d.optical().withCount(2).withSize(512, 512).withFramesPerSecond(20.0))
                    .withSpecimen(d.specimen().withParticles(800))
                    .withEcSampleRateHz(100_000.0);
        }
    },
    FAULTS("faults", "default world with bursts, gaps, duplicates, reordering, late and malformed records") {
        @Override
        public SimulationSettings settings() {
            return SimulationSettings.defaults().withFaults(FaultSettings.typical());
        }
    };

    private final String profileName;
    private final String description;

    Profile(String profileName, String description) {
        this.profileName = profileName;
        this.description = description;
    }

    public abstract SimulationSettings settings();

    /** The name used on the command line, e.g. "pump-probe". */
    public String profileName() {
        return profileName;
    }

    public String description() {
        return description;
    }

    /** All names, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Profile::profileName).toList();
    }

    /** One "name  description" line per profile, for {@code --help}. */
    public static List<String> helpLines() {
        return Arrays.stream(values()).map(p -> String.format(Locale.ROOT, "%-15s %s", p.profileName, p.description))
                .toList();
    }

    /** The profile called {@code name} (case-insensitive). */
    public static Profile byName(String name) {
        for (Profile p : values()) {
            if (p.profileName.equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown profile '" + name + "'. Expected one of " + names());
    }
}
