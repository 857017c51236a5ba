package org.operando.simulator.bench;

import java.util.concurrent.TimeUnit;
import org.operando.simulator.EcBlockEvent;
import org.operando.simulator.FrameEvent;
import org.operando.simulator.SimEvent;
import org.operando.simulator.Simulation;
import org.operando.simulator.SimulationSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The simulator's own ceiling on one core: one operation = one frame (EM, optical) or one 1000-sample EC block,
 * produced through {@link Simulation#next()} (scheduling, drift, chemistry, rendering, noise, record), with the
 * instrument under test alone plus the trigger stream. Frames/s = ops/s; EC samples/s = 1000 · ops/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SimulatorBenchmark {
    @Param({"em-512", "em-2048", "opt-256", "opt-512", "ec-100k"})
    public String stream;

    private Simulation sim;

    @Setup(Level.Trial)
    public void setUp() {
        SimulationSettings d = SimulationSettings.defaults().withDurationNs(1_000_000_000_000_000L);
        SimulationSettings none = d.withInstrumentCounts(0, 0).withElectrochem(d.electrochem().withEnabled(false));
        sim = Simulation.create(switch (stream) {
            case "em-512" -> none.withEm(d.em().withCount(1).withFramesPerSecond(1000));
            case "em-2048" -> none.withEm(d.em().withCount(1).withSize(2048, 2048).withFramesPerSecond(1000))
                    .withSpecimen(d.specimen().withParticles(800));
            case "opt-256" -> none.withOptical(d.optical().withCount(1).withFramesPerSecond(1000));
            case "opt-512" -> none.withOptical(d.optical().withCount(1).withSize(512, 512).withFramesPerSecond(1000));
            case "ec-100k" -> none.withElectrochem(d.electrochem().withSampleRate(100_000, 1000));
            default -> throw new IllegalArgumentException("unknown stream " + stream);
        });
    }

    @Benchmark
    public SimEvent nextFrameOrBlock() {
        while (true) {
            SimEvent e = sim.next();
            if (e instanceof FrameEvent || e instanceof EcBlockEvent) {
                return e;
            }
        }
    }
}
