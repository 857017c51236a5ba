package org.operando.streams.correlation.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.operando.streams.correlation.FloatImage;
import org.operando.streams.correlation.ImageFeatures;
import org.operando.streams.correlation.LagResult;
import org.operando.streams.correlation.LagSettings;
import org.operando.streams.correlation.LaggedCrossCorrelation;
import org.operando.streams.correlation.ParticleSettings;
import org.operando.streams.correlation.ParticleStats;
import org.operando.streams.correlation.Polarity;
import org.operando.streams.correlation.Roi;
import org.operando.streams.correlation.Threshold;
import org.operando.streams.correlation.TimeSeries;

/**
 * Cost of the per-frame features on a 512×512 EM frame and of a lag estimate on 10⁴-sample series.
 * See docs/bench/correlation.md for the command and figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CorrelationBenchmark {

    private FloatImage frame;
    private final Roi circle = new Roi.Circle(256, 256, 100);
    private final ParticleSettings otsuDark = new ParticleSettings(new Threshold.Otsu(), Polarity.DARK, 10, 0.5);
    private TimeSeries signal;
    private TimeSeries response;
    private final LagSettings shortLags = LagSettings.of(0.1, 3.0);   // K = 30: direct sums
    private final LagSettings longLags = LagSettings.of(0.1, 100.0);  // K = 1000: FFT

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(7);
        int n = 512;
        float[] p = new float[n * n];
        double[][] discs = new double[60][];
        for (int i = 0; i < discs.length; i++) {
            discs[i] = new double[] {20 + 472 * rnd.nextDouble(), 20 + 472 * rnd.nextDouble(), 4 + 10 * rnd.nextDouble()};
        }
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                boolean in = false;
                for (double[] d : discs) {
                    in |= (x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]) <= d[2] * d[2];
                }
                p[y * n + x] = (float) ((in ? 50 : 200) + 8 * rnd.nextGaussian());
            }
        }
        frame = new FloatImage(n, n, p);

        int samples = 10_000;
        double[] tx = new double[samples];
        double[] vx = new double[samples];
        double[] ty = new double[samples];
        double[] vy = new double[samples];
        for (int i = 0; i < samples; i++) {
            tx[i] = i * 0.1 + 0.03 * rnd.nextDouble();
            ty[i] = i * 0.1 + 0.05 + 0.03 * rnd.nextDouble();
            vx[i] = Math.sin(tx[i] / 7) + Math.sin(tx[i] / 3.1) + 0.1 * rnd.nextGaussian();
            vy[i] = Math.sin((ty[i] - 2.5) / 7) + Math.sin((ty[i] - 2.5) / 3.1) + 0.3 * rnd.nextGaussian();
        }
        signal = new TimeSeries(tx, vx);
        response = new TimeSeries(ty, vy);
    }

    /** ROI mean (31 k pixel disc) plus Otsu particle segmentation of one 512² frame. */
    @Benchmark
    public double frameFeatures512() {
        double mean = ImageFeatures.meanIntensity(frame, circle);
        ParticleStats stats = ImageFeatures.particles(frame, otsuDark);
        return mean + stats.areaNm2();
    }

    @Benchmark
    public double roiMean512() {
        return ImageFeatures.meanIntensity(frame, circle);
    }

    @Benchmark
    public ParticleStats particles512() {
        return ImageFeatures.particles(frame, otsuDark);
    }

    @Benchmark
    public LagResult lag10kSamplesDirect61Lags() {
        return LaggedCrossCorrelation.estimate(signal, response, shortLags);
    }

    @Benchmark
    public LagResult lag10kSamplesFft2001Lags() {
        return LaggedCrossCorrelation.estimate(signal, response, longLags);
    }
}
