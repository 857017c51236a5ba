package org.operando.producers.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes test files with independent tools: Debian's Python with tifffile and mrcfile ({@code python3-tifffile},
 * {@code python3-mrcfile}; {@code .ci/run} installs them). A missing interpreter or module fails the test; nothing is
 * skipped. Pixel data go to Python as raw little-endian arrays that the test made, so the expected values are the
 * test's own.
 */
final class PythonFixtures {
    static final String PYTHON = "/usr/bin/python3";

    private PythonFixtures() {
    }

    /** Runs {@code script} with {@code args} (sys.argv[1:]) and fails the test with Python's output unless it exits 0. */
    static String run(String script, Object... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c", script));
        for (Object a : args) {
            command.add(a.toString());
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("Python fixture writer did not finish in 120 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("%s failed (needs python3-numpy, python3-tifffile, python3-mrcfile; .ci/run installs them):%n%s",
                    PYTHON, out).isZero();
            return out;
        } catch (IOException e) {
            return fail(PYTHON + " cannot be run (apt-get install python3-tifffile python3-mrcfile): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    static Path rawU16(Path file, short[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(values);
        return Files.write(file, b.array());
    }

    static Path rawF32(Path file, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return Files.write(file, b.array());
    }

    static Path rawBytes(Path file, byte[] values) throws IOException {
        return Files.write(file, values);
    }

    static short[] u16(byte[] littleEndian) {
        short[] out = new short[littleEndian.length / 2];
        ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }

    static float[] f32(byte[] littleEndian) {
        float[] out = new float[littleEndian.length / 4];
        ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
