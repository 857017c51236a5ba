package org.operando.streams.sync.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.operando.streams.sync.ClockSync;
import org.operando.streams.sync.ClockSyncSettings;
import org.operando.streams.sync.FitWindow;
import org.operando.streams.sync.MarkOutcome;
import org.operando.streams.sync.MasterTime;

/**
 * Throughput of {@link ClockSync}: {@code onlineUpdate} = one master edge plus that edge's instrument
 * mark (and a spurious mark 1 % of the time) in steady state, so its ops/s is marks/s;
 * {@code predict} = one {@code toMaster} call on a fixed model.
 * Clock: 10 Hz, 50 ppm, 1 µs jitter, 2.5 h offset.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ClockSyncBenchmark {
    private static final long T = 100_000_000L;
    private static final long M0 = 1_000_000_000L;
    private static final long X0 = 9_000_000_000_000L;
    private static final int MASK = (1 << 16) - 1;

    @Param({"ALL", "LAST_100"})
    public String window;

    private final long[] jitter = new long[MASK + 1];
    private final boolean[] spurious = new boolean[MASK + 1];
    private ClockSync sync;
    private long k;
    private long probe;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i <= MASK; i++) {
            double g = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
            jitter[i] = Math.round(1_000.0 * g);
            spurious[i] = rnd.nextDouble() < 0.01;
        }
        FitWindow w = "ALL".equals(window) ? FitWindow.all() : FitWindow.lastMarks(100);
        sync = new ClockSync(ClockSyncSettings.defaults().withWindow(w));
        for (k = 0; k < 1_000; k++) {
            step();
        }
        probe = X0;
    }

    private MarkOutcome step() {
        long m = M0 + k * T;
        sync.onMasterEdge(m);
        MarkOutcome outcome = sync.onInstrumentMark(X0 + Math.round((k * T) / 1.00005) + jitter[(int) (k & MASK)]);
        if (spurious[(int) (k & MASK)]) {
            sync.onInstrumentMark(X0 + Math.round((k * T + 37_000_000L) / 1.00005));
        }
        k++;
        return outcome;
    }

    @Benchmark
    public MarkOutcome onlineUpdate() {
        return step();
    }

    @Benchmark
    public MasterTime predict() {
        probe += 33_333_333L;
        if (probe > X0 + 99_000_000_000L) {
            probe = X0;
        }
        return sync.toMaster(probe);
    }
}
