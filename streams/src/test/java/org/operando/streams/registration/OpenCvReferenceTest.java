package org.operando.streams.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares {@link AffineFit#leastSquares()} with OpenCV's {@code cv2.estimateAffine2D} (all pairs inliers, LM
 * refinement = ordinary least squares) through tools/registration/opencv_check.py. Skipped, with the reason, when
 * /usr/bin/python3 with cv2 is not available.
 */
class OpenCvReferenceTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void shouldAgreeWithOpenCvEstimateAffine2DOnTheSamePairs(@TempDir Path dir) throws Exception {
        Path script = findScript();
        Assumptions.assumeTrue(script != null, "tools/registration/opencv_check.py not found from "
                + Path.of("").toAbsolutePath());
        Assumptions.assumeTrue(Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import cv2"))
                .exitCode == 0, "skipped: /usr/bin/python3 with cv2 (OpenCV) is not available");

        Random rng = new Random(2024);
        List<FiducialPair> pairs = PointSets.noisyPairs(rng, PointSets.emTruth(rng, 20), 0.2, 0.25);
        Path input = dir.resolve("pairs.txt");
        Files.writeString(input, pairs.stream()
                .map(p -> p.xOptical() + " " + p.yOptical() + " " + p.xEm() + " " + p.yEm())
                .collect(Collectors.joining("\n", "# x_opt y_opt x_em y_em\n", "\n")), StandardCharsets.US_ASCII);
        Result out = run(List.of(PYTHON.toString(), script.toString(), input.toString()));
        assertThat(out.exitCode).as("opencv_check.py failed: %s", out.text).isZero();
        double[] m = Arrays.stream(out.text.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
        Affine2D openCv = new Affine2D(m[0], m[1], m[2], m[3], m[4], m[5]);
        Affine2D ours = AffineFit.leastSquares().fit(pairs).transform();

        for (double[] q : new double[][] {{0, 0}, {1023, 0}, {0, 1023}, {1023, 1023}, {511.5, 511.5}}) {
            double[] o = SyntheticImages.apply(PointSets.TRUTH.inverse(), q);
            assertThat(Math.hypot(ours.applyX(o[0], o[1]) - openCv.applyX(o[0], o[1]),
                    ours.applyY(o[0], o[1]) - openCv.applyY(o[0], o[1]))).as("EM px apart at (%s, %s)", q[0], q[1])
                    .isLessThan(1e-3);
        }
        // Least squares is optimal: OpenCV's answer cannot have a smaller residual sum (up to its float tolerance).
        assertThat(sumOfSquares(ours, pairs)).isLessThanOrEqualTo(sumOfSquares(openCv, pairs) * (1 + 1e-9));
    }

    private static double sumOfSquares(Affine2D t, List<FiducialPair> pairs) {
        return pairs.stream().mapToDouble(p -> p.residualEmPx(t) * p.residualEmPx(t)).sum();
    }

    private static Path findScript() {
        for (Path base = Path.of("").toAbsolutePath(); base != null; base = base.getParent()) {
            Path candidate = base.resolve("tools/registration/opencv_check.py");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private record Result(int exitCode, String text) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + text);
        }
        return new Result(process.exitValue(), text);
    }
}
