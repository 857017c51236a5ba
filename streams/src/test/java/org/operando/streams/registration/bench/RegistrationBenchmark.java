package org.operando.streams.registration.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.operando.streams.registration.Affine2D;
import org.operando.streams.registration.CoRegistration;
import org.operando.streams.registration.ImageView;
import org.operando.streams.registration.NominalTransform;
import org.operando.streams.registration.Polarity;
import org.operando.streams.registration.PointSets;
import org.operando.streams.registration.RegistrationResult;
import org.operando.streams.registration.RegistrationSettings;
import org.operando.streams.registration.Spot;
import org.operando.streams.registration.SpotDetector;
import org.operando.streams.registration.SpotDetectorSettings;
import org.operando.streams.registration.SyntheticImages;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Co-registration cost at 1024 x 1024 in both modalities: optical 100 nm px with 150 beads (15 in the EM field),
 * EM 4 nm px with 18 dark 20 nm gold particles (15 shared), 2000 RANSAC hypotheses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RegistrationBenchmark {
    private static final int SIZE = 1024;
    private ImageView optical;
    private ImageView em;
    private List<Spot> opticalSpots;
    private List<Spot> emSpots;
    private NominalTransform guess;
    private RegistrationSettings settings;

    @Setup
    public void setUp() {
        Random rng = new Random(1);
        Affine2D truth = PointSets.TRUTH;
        List<double[]> gold = SyntheticImages.scatter(rng, 18, 20, SIZE - 21, 20, SIZE - 21, 160, List.of());
        List<double[]> beads = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            beads.add(SyntheticImages.apply(truth.inverse(), gold.get(i)));
        }
        beads.addAll(SyntheticImages.scatter(rng, 135, 10, SIZE - 11, 180, SIZE - 11, 10, beads));
        optical = ImageView.ofDoubles(SIZE, SIZE, SyntheticImages.beads(SIZE, SIZE, beads, 5000,
                250.0 / SpotDetectorSettings.FWHM_PER_SIGMA / 100.0, 20, 2));
        em = ImageView.ofUnsigned16(SIZE, SIZE, SyntheticImages.toUnsigned16(
                SyntheticImages.discs(SIZE, SIZE, gold, 2.5, 3000, -800, 60, 3)));
        settings = RegistrationSettings.forClem(100, 250, 4, 20, Polarity.DARK, 42);
        double[] c = SyntheticImages.apply(truth.inverse(), new double[] {511.5, 511.5});
        Affine2D linear = Affine2D.similarity(25, 0, 0, 0);
        guess = new NominalTransform(linear.translated(511.5 + 75 - linear.applyX(c[0], c[1]),
                511.5 - 50 - linear.applyY(c[0], c[1])), 150, 0.1, 0.05);
        opticalSpots = new SpotDetector(settings.optical()).detect(optical);
        emSpots = new SpotDetector(settings.em()).detect(em);
        RegistrationResult check = CoRegistration.register(optical, em, guess, settings);
        if (check.inliers().size() != 15) {
            throw new IllegalStateException("Benchmark scene should give 15 inliers. Got: " + check.inliers().size());
        }
    }

    @Benchmark
    public List<Spot> detectOptical() {
        return new SpotDetector(settings.optical()).detect(optical);
    }

    @Benchmark
    public List<Spot> detectEm() {
        return new SpotDetector(settings.em()).detect(em);
    }

    @Benchmark
    public RegistrationResult matchAndFit() {
        return CoRegistration.fromSpots(opticalSpots, emSpots, SIZE, SIZE, guess, settings);
    }

    @Benchmark
    public RegistrationResult registerEndToEnd() {
        return CoRegistration.register(optical, em, guess, settings);
    }
}
