package org.operando.streams.pixels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.operando.schema.Compression;
import org.operando.schema.Frame;
import org.operando.schema.PixelType;
import org.operando.schemas.FramePixels;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.drift.DriftSettings;
import org.operando.streams.drift.DriftTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pixel stage's kernels (decode, drift, features, fiducials) on synthetic frames before a processor takes
 * live data, so the JIT has compiled them when the first real frames come: interpreted, the first frames of a run
 * took seconds each, which is the tail of the end-to-end latency. The frames are noise on a field of discs and spots
 * drifting by a sub-pixel step per frame, at the shapes the detectors of this project deliver (512² EM, 256² optical).
 * The results are thrown away; nothing of this touches a store or a topic.
 */
public final class KernelWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(KernelWarmup.class);
    /** EM 512² at 2 nm per pixel, optical 256² at 80 nm: fiducials a few pixels wide in both, as the detectors see them. */
    private static final int EM_SIDE = 512;
    private static final int OPTICAL_SIDE = 256;

    /** Iterations of {@link #once}: enough for the JIT to compile the kernels' loops (about 2 s of one core when cold). */
    static final int ONCE_FRAMES = 24;
    /** Longest {@link #once} may take, wall time, on a machine busy starting a broker and the processors. */
    static final long ONCE_BUDGET_MS = 20_000;
    private static boolean warm;

    private KernelWarmup() {
    }

    /**
     * Warms the kernels up once per JVM ({@value #ONCE_FRAMES} EM and optical frames, at most {@value #ONCE_BUDGET_MS}
     * ms); a second call returns at once, a concurrent one waits for the first. Returns the frames analysed by this call.
     */
    public static synchronized int once() {
        if (warm) {
            return 0;
        }
        long t0 = System.nanoTime();
        int n = run(OperandoStreamsConfig.defaults(), ONCE_BUDGET_MS, ONCE_FRAMES);
        warm = true;
        LOG.debug("Kernel warm-up: {} frames in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
        return n;
    }

    /** Warms up for at most {@code budgetMs} of wall time (at most {@code frames} frames per shape); returns the frames analysed. */
    public static int run(OperandoStreamsConfig config, long budgetMs, int frames) {
        long deadline = System.nanoTime() + budgetMs * 1_000_000L;
        FrameAnalyzer analyzer = new FrameAnalyzer(config);
        Random random = new Random(1);
        int done = 0;
        DriftTracker em = DriftTracker.create(DriftSettings.defaults(), EM_SIDE, EM_SIDE);
        DriftTracker optical = DriftTracker.create(DriftSettings.defaults(), OPTICAL_SIDE, OPTICAL_SIDE);
        for (int i = 0; i < frames && System.nanoTime() < deadline; i++) {
            Frame f = frame(EM_SIDE, 2.0, i, random);
            float[] pixels = FramePixels.toFloats(f);
            em.update(i, pixels);
            analyzer.emFeatures(f, pixels, null);
            if (i % 4 == 0) {
                analyzer.emSpots(f, pixels);
            }
            Frame o = frame(OPTICAL_SIDE, 80.0, i, random);
            float[] opticalPixels = FramePixels.toFloats(o);
            optical.update(i, opticalPixels);
            if (i % 4 == 0) {
                analyzer.opticalSpots(o, opticalPixels);
            }
            done += 2;
        }
        LOG.debug("Kernel warm-up: {} frames in at most {} ms", done, budgetMs);
        return done;
    }

    /** A u16 frame: Poisson-like noise about 100 counts, dark discs and bright spots shifted by 0.3 px per frame in x. */
    private static Frame frame(int side, double pixelNm, int index, Random random) {
        ByteBuffer bytes = ByteBuffer.allocate(side * side * 2).order(ByteOrder.LITTLE_ENDIAN);
        double shift = 0.3 * index;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double u = (x - shift) % 64;
                double v = y % 64;
                double r2 = (u - 32) * (u - 32) + (v - 32) * (v - 32);
                double value = 100 + 10 * random.nextGaussian() - (r2 < 64 ? 60 : 0) + 400 * Math.exp(-r2 / 4.0);
                bytes.putShort((short) Math.max(0, Math.min(65_535, Math.round(value))));
            }
        }
        return Frame.newBuilder().setRunId("warm-up").setInstrumentId("warm-up").setSequence(index).setInstrumentTimeNs(index)
                .setExposureNs(1).setWidth(side).setHeight(side).setPixelType(PixelType.U16).setPixelSizeNm(pixelNm).setStageXNm(0)
                .setStageYNm(0).setCompression(Compression.NONE).setPixels(bytes.flip()).build();
    }
}
