package org.operando.ops.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.operando.schema.DriftEstimate;
import org.operando.simulator.EcBlockEvent;
import org.operando.simulator.FrameEvent;
import org.operando.simulator.Profile;
import org.operando.simulator.SimEvent;
import org.operando.simulator.Simulation;
import org.operando.simulator.SimulationSettings;
import org.operando.simulator.TriggerEvent;

/**
 * Instrument files for the ingest ITs: the simulator's rendered frames (known sub-pixel drift) and CV samples, written
 * as an independent tool would write them: MRC by mrcfile and OME-TIFF by tifffile (Debian's python3-mrcfile,
 * python3-tifffile; a missing one fails the test), the EC-Lab export from its format description.
 */
final class IngestFixtures {
    static final String PYTHON = "/usr/bin/python3";

    private IngestFixtures() {
    }

    /** What the simulator made: frames per instrument, EC blocks and trigger edges, in master-time order, with the run's master start. */
    record Simulated(List<FrameEvent> em, List<FrameEvent> optical, List<EcBlockEvent> ec, List<TriggerEvent> triggers,
                     long masterStartNs) {
        /** The trigger edges one instrument stamped (the timing generator's: "timing"), in its clock, s. */
        double[] edgesS(String instrumentId, long zeroNs) {
            return triggers.stream().filter(t -> t.instrumentId().equals(instrumentId)).mapToDouble(t -> (t.instrumentTimeNs() - zeroNs) / 1e9)
                    .toArray();
        }
    }

    /** A trigger log: one edge time in seconds per line. */
    static void writeLog(double[] edgesS, Path out) throws IOException {
        StringBuilder b = new StringBuilder("# trigger edges, s\n");
        for (double t : edgesS) {
            b.append(String.format(Locale.ROOT, "%.9f%n", t));
        }
        Files.writeString(out, b);
    }

    static Simulated simulate(Duration duration) {
        SimulationSettings settings = Profile.byName("default").settings().withDurationNs(duration.toNanos());
        Simulation sim = Simulation.create(settings);
        List<FrameEvent> em = new ArrayList<>();
        List<FrameEvent> optical = new ArrayList<>();
        List<EcBlockEvent> ec = new ArrayList<>();
        List<TriggerEvent> triggers = new ArrayList<>();
        while (sim.hasNext()) {
            SimEvent e = sim.next();
            if (e instanceof FrameEvent f) {
                (f.modality() == org.operando.simulator.Modality.EM ? em : optical).add(f);
            } else if (e instanceof EcBlockEvent b) {
                ec.add(b);
            } else if (e instanceof TriggerEvent t) {
                triggers.add(t);
            }
        }
        return new Simulated(em, optical, ec, triggers, settings.masterStartNs());
    }

    /** The frames' pixels as one raw little-endian u16 file, frame after frame (optionally the centre crop of each). */
    static Path raw(Path file, List<FrameEvent> frames, int crop) throws IOException {
        FrameEvent first = frames.get(0);
        int w = crop > 0 ? crop : first.width();
        int h = crop > 0 ? crop : first.height();
        ByteBuffer b = ByteBuffer.allocate(frames.size() * w * h * 2).order(ByteOrder.LITTLE_ENDIAN);
        int x0 = (first.width() - w) / 2;
        int y0 = (first.height() - h) / 2;
        for (FrameEvent f : frames) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    b.putShort(f.pixels()[(y0 + y) * f.width() + x0 + x]);
                }
            }
        }
        return Files.write(file, b.array());
    }

    /** An MRC stack of u16 frames (mode 6) with the pixel size in the header. */
    static void writeMrc(Path raw, int frames, int h, int w, double pixelNm, Path out) {
        python("""
                import sys, numpy as np, mrcfile
                raw, n, h, w, nm, out = sys.argv[1:7]
                data = np.fromfile(raw, dtype='<u2').reshape(int(n), int(h), int(w))
                with mrcfile.new(out, overwrite=True) as m:
                    m.set_data(data)
                    m.voxel_size = float(nm) * 10.0
                """, raw, frames, h, w, pixelNm, out);
    }

    /** An OME-TIFF time series of u16 frames with PhysicalSizeX, and DeltaT and ExposureTime per plane (s). */
    static void writeOmeTiff(Path raw, int frames, int h, int w, double pixelNm, double[] deltaS, double exposureS, Path out) {
        StringBuilder times = new StringBuilder();
        for (double d : deltaS) {
            times.append(times.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.9f", d));
        }
        python("""
                import sys, numpy as np, tifffile
                raw, n, h, w, nm, times, exposure, out = sys.argv[1:9]
                data = np.fromfile(raw, dtype='<u2').reshape(int(n), int(h), int(w))
                delta = [float(t) for t in times.split(',')]
                tifffile.imwrite(out, data, photometric='minisblack', ome=True, metadata={'axes': 'TYX',
                    'PhysicalSizeX': float(nm) / 1000.0, 'PhysicalSizeY': float(nm) / 1000.0,
                    'Plane': {'DeltaT': delta, 'ExposureTime': [float(exposure)] * len(delta)}})
                """, raw, frames, h, w, pixelNm, times, exposureS, out);
    }

    /**
     * The CV samples as an EC-Lab text export (EC-Lab's "EC-Lab ASCII FILE" layout, decimal commas, current in mA),
     * with times in seconds from {@code zeroNs} on the master clock ({@code instrumentClock}: on the potentiostat's).
     */
    static void writeMpt(List<EcBlockEvent> blocks, long zeroNs, boolean instrumentClock, double scanRateVPerS, Path out) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line : List.of("EC-Lab ASCII FILE", "Nb header lines : 8", "", "Cyclic Voltammetry", "",
                String.format(Locale.ROOT, "dE/dt               %.3f", scanRateVPerS * 1e3).replace('.', ','), "dE/dt unit          mV/s",
                "mode\tox/red\terror\tcontrol changes\ttime/s\tcontrol/V\tEwe/V\t<I>/mA\tcycle number")) {
            b.append(line).append("\r\n");
        }
        for (EcBlockEvent e : blocks) {
            for (int i = 0; i < e.potentialV().length; i++) {
                long first = instrumentClock ? e.firstSampleInstrumentTimeNs() : e.trueMasterTimeNs();
                double t = (first - zeroNs + i * e.samplePeriodNs()) / 1e9;
                b.append(String.format(Locale.ROOT, "2\t1\t0\t0\t%.15E\t%.7E\t%.7E\t%.7E\t0,000000000000000E+000", t, e.potentialV()[i],
                        e.potentialV()[i], e.currentA()[i] * 1e3).replace('.', ',')).append("\r\n");
            }
        }
        Files.write(out, b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    static void python(String script, Object... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c", script));
        for (Object a : args) {
            command.add(a.toString());
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("python fixture writer did not finish in 300 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("%s (needs python3-tifffile and python3-mrcfile; .ci/run installs them): %s", PYTHON, out).isZero();
        } catch (IOException e) {
            fail(PYTHON + " cannot be run (apt-get install python3-tifffile python3-mrcfile): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /**
     * RMS error per axis, px, of the estimates' smoothed drift against the truth, both relative to the first frame
     * (the anchor), as the demo's scoreboard computes it.
     */
    static double driftRmsPerAxis(List<SpecificRecord> estimates, String instrumentId, Map<Long, double[]> truthPx) {
        List<DriftEstimate> list = estimates.stream().map(r -> (DriftEstimate) r).filter(d -> d.getInstrumentId().equals(instrumentId))
                .sorted(java.util.Comparator.comparingLong(DriftEstimate::getSequence)).toList();
        double[] anchor = truthPx.get(list.get(0).getSequence());
        double sum = 0;
        for (DriftEstimate d : list) {
            double[] t = truthPx.get(d.getSequence());
            double ex = d.getDxPx() - (t[0] - anchor[0]);
            double ey = d.getDyPx() - (t[1] - anchor[1]);
            sum += ex * ex + ey * ey;
        }
        return Math.sqrt(sum / list.size() / 2);
    }
}
