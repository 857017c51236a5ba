package org.operando.streams.drift.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.operando.streams.drift.CorrelatorSettings;
import org.operando.streams.drift.DriftSettings;
import org.operando.streams.drift.DriftState;
import org.operando.streams.drift.DriftTracker;
import org.operando.streams.drift.PhaseCorrelator;
import org.operando.streams.drift.ReferenceSpectrum;
import org.operando.streams.drift.ShiftEstimate;
import org.operando.streams.drift.SyntheticSpecimen;

/**
 * Frames per second of {@link PhaseCorrelator#estimate} against a cached reference (one forward
 * FFT, one inverse FFT, the upsampled-DFT refinement), and of a whole {@link DriftTracker#update}.
 * Frames: the seeded synthetic specimen at 100 counts/px, shifted by (3.3, −2.7) px.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DriftBenchmark {

    @Param({"512", "1024"})
    public int size;

    @Param({"20"})
    public int upsampleFactor;

    private PhaseCorrelator correlator;
    private ReferenceSpectrum reference;
    private float[] moving;
    private DriftTracker tracker;
    private long sequence;

    @Setup
    public void setUp() {
        SyntheticSpecimen specimen = SyntheticSpecimen.create(size, size, 1);
        float[] first = SyntheticSpecimen.poisson(specimen.render(size, size, 0, 0), 100, 1);
        moving = SyntheticSpecimen.poisson(specimen.render(size, size, 3.3, -2.7), 100, 2);
        CorrelatorSettings settings = CorrelatorSettings.defaults().withUpsampleFactor(upsampleFactor);
        correlator = PhaseCorrelator.create(size, size, settings);
        reference = correlator.reference(first);
        tracker = DriftTracker.create(DriftSettings.defaults().withCorrelator(settings), size, size);
        tracker.update(sequence++, first);
    }

    @Benchmark
    public ShiftEstimate estimateAgainstCachedReference() {
        return correlator.estimate(reference, moving);
    }

    @Benchmark
    public DriftState trackerUpdate() {
        return tracker.update(sequence++, moving);
    }
}
