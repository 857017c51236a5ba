package org.operando.streams.drift.bench;

import java.io.BufferedWriter;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.operando.streams.drift.CorrelatorSettings;
import org.operando.streams.drift.PhaseCorrelator;
import org.operando.streams.drift.ReferenceSpectrum;
import org.operando.streams.drift.ShiftEstimate;
import org.operando.streams.drift.SyntheticSpecimen;

/**
 * Writes seeded drift frames for the side-by-side comparison with scikit-image and runs this
 * kernel on them. For each size and dose: {@code frames_<size>_<dose>.npy} (float32, frames × H × W,
 * frame 0 is the reference), {@code truth_<size>_<dose>.csv} (frame, dx, dy: content shift of frame
 * i relative to frame 0, our sign convention) and {@code java_<size>_<dose>.csv} (our estimates and
 * the mean time per frame). tools/drift/compare_skimage.py then runs skimage on the same files.
 *
 * <p>Usage: {@code DriftComparison <outDir> [frames] [sizes, e.g. 512,1024] [doses, e.g. 20,50,200] [whitening β]}
 *
 * <p>Timing: after 10 warm-up estimates, three timed passes over all frames; the median pass is
 * reported (the machine is shared, so single passes are noisy).
 */
public final class DriftComparison {

    private DriftComparison() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "/tmp/drift-compare");
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        String[] sizes = (args.length > 2 ? args[2] : "512,1024").split(",");
        String[] doses = (args.length > 3 ? args[3] : "20,50,200").split(",");
        double whitening = args.length > 4 ? Double.parseDouble(args[4]) : CorrelatorSettings.defaults().whitening();
        Files.createDirectories(out);
        for (String sizeText : sizes) {
            int n = Integer.parseInt(sizeText);
            SyntheticSpecimen specimen = SyntheticSpecimen.create(n, n, 2026);
            for (String doseText : doses) {
                run(out, n, Double.parseDouble(doseText), frames, specimen, whitening);
            }
        }
    }

    private static void run(Path out, int n, double dose, int frames, SyntheticSpecimen specimen, double whitening)
            throws IOException {
        SplittableRandom random = new SplittableRandom(n * 1000L + (long) dose);
        double[] dx = new double[frames];
        double[] dy = new double[frames];
        float[][] images = new float[frames][];
        for (int i = 0; i < frames; i++) {
            dx[i] = i == 0 ? 0 : random.nextDouble(-6, 6);
            dy[i] = i == 0 ? 0 : random.nextDouble(-6, 6);
            images[i] = SyntheticSpecimen.poisson(specimen.render(n, n, dx[i], dy[i]), dose, random.nextLong());
        }
        String tag = n + "_" + (long) dose;
        writeNpy(out.resolve("frames_" + tag + ".npy"), images, n, n);
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("truth_" + tag + ".csv"))) {
            w.write("frame,dx,dy\n");
            for (int i = 1; i < frames; i++) {
                w.write(String.format(Locale.ROOT, "%d,%.6f,%.6f%n", i, dx[i], dy[i]));
            }
        }
        PhaseCorrelator correlator = PhaseCorrelator.create(n, n, CorrelatorSettings.defaults().withWhitening(whitening));
        ReferenceSpectrum reference = correlator.reference(images[0]);
        for (int warm = 0; warm < 10; warm++) {
            correlator.estimate(reference, images[1 + warm % (frames - 1)]);
        }
        ShiftEstimate[] estimates = new ShiftEstimate[frames];
        double[] passMs = new double[3];
        for (int pass = 0; pass < passMs.length; pass++) {
            long start = System.nanoTime();
            for (int i = 1; i < frames; i++) {
                estimates[i] = correlator.estimate(reference, images[i]);
            }
            passMs[pass] = (System.nanoTime() - start) / 1e6 / (frames - 1);
        }
        java.util.Arrays.sort(passMs);
        double msPerFrame = passMs[1];
        double sumSq = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("java_" + tag + ".csv"))) {
            w.write(String.format(Locale.ROOT, "# ms_per_frame=%.3f%n", msPerFrame));
            w.write("frame,dx,dy,confidence\n");
            for (int i = 1; i < frames; i++) {
                ShiftEstimate e = estimates[i];
                w.write(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.4f%n", i, e.dxPx(), e.dyPx(), e.confidence()));
                sumSq += Math.pow(e.dxPx() - dx[i], 2) + Math.pow(e.dyPx() - dy[i], 2);
            }
        }
        System.out.printf(Locale.ROOT, "%4d px  dose %5.0f  beta %.2f  RMS %.4f px/axis  %.1f ms/frame  %.1f frames/s%n",
                n, dose, whitening, Math.sqrt(sumSq / (2 * (frames - 1))), msPerFrame, 1000 / msPerFrame);
    }

    /** NumPy .npy v1.0: magic, header dict padded to a multiple of 64 bytes, little-endian float32 data. */
    static void writeNpy(Path path, float[][] images, int height, int width) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + images.length + ", " + height + ", "
                + width + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        try (OutputStream file = Files.newOutputStream(path);
             DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(file, 1 << 20))) {
            data.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            data.write(header.length() & 0xFF);
            data.write((header.length() >> 8) & 0xFF);
            data.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer buffer = ByteBuffer.allocate(width * height * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] image : images) {
                buffer.clear();
                buffer.asFloatBuffer().put(image);
                data.write(buffer.array());
            }
        }
    }
}
