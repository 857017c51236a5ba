package org.operando.ops.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.operando.ops.Main;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.pipeline.Demo;
import org.operando.ops.pipeline.Pipeline;
import org.operando.ops.recording.RunRecorder;
import org.operando.ops.scoring.RunRecords;
import org.operando.producers.sim.SimulatorSource;
import org.operando.schema.DriftEstimate;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.Registration;
import org.operando.schema.StreamDescriptor;
import org.operando.schemas.FramePixels;
import org.operando.schemas.Topics;
import org.operando.simulator.Profile;
import org.operando.simulator.Simulation;

/**
 * A coregistration-profile demo run, processed on the embedded broker, exported from the topics in both formats and
 * from a recording of them; then Debian's python3-zarr and python3-h5py open the outputs and compare shapes, scales,
 * units, EC samples, drift and registrations with what this test read from the topics itself
 * ({@code ops/src/test/python/check_export.py}). Missing Python modules fail the test.
 */
class ExportIT {
    private static final String RUN = "export-it";
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path CHECK = Path.of("src/test/python/check_export.py");

    @TempDir
    Path tmp;

    @Test
    @Timeout(600)
    void shouldExportADemoRunThatZarrAndH5pyReadBackAsTheTopicsHoldIt() throws Exception {
        assertThat(PYTHON).as("Debian's python3 (apt-get install python3-zarr python3-h5py)").isExecutable();
        assertThat(CHECK).exists();
        try (EmbeddedKafka kafka = EmbeddedKafka.inTempDir().start()) {
            ClientSettings client = new ClientSettings(kafka.bootstrapServers(), Map.of());
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            var settings = Profile.byName("coregistration").settings().withDurationNs(Duration.ofSeconds(12).toNanos());
            Demo.run(new Demo.Settings(client, 2, (short) 1, new Pipeline.Options(Duration.ofSeconds(12), 0, Duration.ofSeconds(5),
                            Duration.ofSeconds(180)), "operando-export-it", Map.of()), RUN,
                    b -> new SimulatorSource(Simulation.create(settings), RUN), new PrintStream(log, true), new AtomicBoolean());

            Path out = tmp.resolve("out");
            String bootstrap = kafka.bootstrapServers();
            assertThat(Main.run("--bootstrap-servers", bootstrap, "export", "--run", RUN, "--out", out.toString(), "--format", "ome-zarr"))
                    .isZero();
            assertThat(Main.run("--bootstrap-servers", bootstrap, "export", "--run", RUN, "--out", out.toString(), "--format", "nexus"))
                    .isZero();
            Path zarr = ExportFormat.OME_ZARR.output(out, RUN);
            Path nexus = ExportFormat.NEXUS.output(out, RUN);
            assertThat(zarr.resolve(".zattrs")).exists();
            assertThat(nexus).isRegularFile();
            try (var files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString())).as("spool files removed").containsExactlyInAnyOrder(
                        zarr.getFileName().toString(), nexus.getFileName().toString());
            }

            // the same run from a recording of its topics (inputs and results)
            Path recording = tmp.resolve("recording");
            new RunRecorder(client.clientConfig(), new PrintStream(java.io.OutputStream.nullOutputStream()), System::nanoTime).record(
                    new RunRecorder.Options(RUN, RunRecorder.topics(true), RunRecorder.StopWhen.END_OF_TOPICS, null, Duration.ofSeconds(5)),
                    recording, new AtomicBoolean());
            Path fromRecording = tmp.resolve("from-recording");
            assertThat(Main.run("export", "--recording", recording.toString(), "--out", fromRecording.toString(), "--format", "ome-zarr"))
                    .isZero();

            Path expected = tmp.resolve("expected.json");
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(expected.toFile(), expected(client));
            Process p = new ProcessBuilder(PYTHON.toString(), CHECK.toString(), expected.toString(), zarr.toString(), nexus.toString(),
                    ExportFormat.OME_ZARR.output(fromRecording, RUN).toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
            System.out.println(output);
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("zarr: ok").contains("nexus: ok").contains("recording export: ok");
        }
    }

    /** What the topics hold, read here independently of the exporter. */
    private static Map<String, Object> expected(ClientSettings client) {
        Map<String, List<SpecificRecord>> records = RunRecords.read(client.clientConfig(), RUN, List.of(Topics.RUNS, Topics.FRAMES,
                Topics.ELECTROCHEM, Topics.DRIFT, Topics.REGISTRATIONS, Topics.CLOCK_MODELS));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("runId", RUN);
        e.put("entry", RUN.replace('-', '_'));
        Map<String, StreamDescriptor> descriptors = new TreeMap<>();
        records.get(Topics.RUNS).stream().filter(StreamDescriptor.class::isInstance).map(StreamDescriptor.class::cast)
                .forEach(d -> descriptors.putIfAbsent(d.getInstrumentId(), d));
        List<Map<String, Object>> registrations = new ArrayList<>();
        Map<String, Integer> registeredPerEm = new TreeMap<>();
        for (SpecificRecord r : records.get(Topics.REGISTRATIONS)) {
            Registration g = (Registration) r;
            registrations.add(Map.of("em", g.getInstrumentId(), "optical", g.getOpticalInstrumentId(), "affine", g.getAffine(),
                    "freNm", g.getFreNm(), "predictedTreNm", g.getPredictedTreNm()));
            registeredPerEm.put(g.getInstrumentId(), 1);
        }
        assertThat(registrations).as("the coregistration profile registers optical onto EM").isNotEmpty();
        e.put("registrations", registrations);

        Map<String, Map<String, Object>> images = new TreeMap<>();
        Map<String, Frame> probes = new TreeMap<>();
        for (SpecificRecord r : records.get(Topics.FRAMES)) {
            Frame f = (Frame) r;
            Map<String, Object> image = images.computeIfAbsent(f.getInstrumentId(), id -> {
                StreamDescriptor d = descriptors.get(id);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("modality", d.getModality().toString());
                m.put("width", f.getWidth());
                m.put("height", f.getHeight());
                m.put("pixelSizeNm", f.getPixelSizeNm());
                m.put("framesPerS", d.getFramesPerS());
                m.put("channels", 1 + registeredPerEm.getOrDefault(id, 0));
                m.put("frames", 0L);
                return m;
            });
            image.put("frames", Math.max((Long) image.get("frames"), f.getSequence() + 1));
            if (f.getSequence() == 3) {
                probes.put(f.getInstrumentId(), f);
            }
        }
        probes.forEach((id, f) -> {
            float[] px = FramePixels.toFloats(f);
            double sum = 0;
            for (float v : px) {
                sum += v;
            }
            images.get(id).put("probe", Map.of("t", 3, "sum", sum, "first", px[0], "last", px[px.length - 1]));
        });
        e.put("images", images);

        Map<String, Map<String, Object>> ec = new TreeMap<>();
        Map<String, TreeMap<Long, ElectrochemBlock>> blocks = new TreeMap<>();
        records.get(Topics.ELECTROCHEM).forEach(r -> blocks.computeIfAbsent(((ElectrochemBlock) r).getInstrumentId(), k -> new TreeMap<>())
                .putIfAbsent(((ElectrochemBlock) r).getSequence(), (ElectrochemBlock) r));
        blocks.forEach((id, bySeq) -> {
            List<Double> potential = new ArrayList<>();
            List<Double> current = new ArrayList<>();
            bySeq.values().forEach(b -> {
                potential.addAll(b.getPotentialV());
                current.addAll(b.getCurrentA());
            });
            ec.put(id, Map.of("potentialV", potential, "currentA", current, "samplePeriodS", bySeq.firstEntry().getValue().getSamplePeriodNs() / 1e9));
        });
        e.put("electrochem", ec);

        Map<String, Map<String, Object>> drift = new TreeMap<>();
        Map<String, TreeMap<Long, DriftEstimate>> bySeq = new TreeMap<>();
        records.get(Topics.DRIFT).forEach(r -> bySeq.computeIfAbsent(((DriftEstimate) r).getInstrumentId(), k -> new TreeMap<>())
                .put(((DriftEstimate) r).getSequence(), (DriftEstimate) r));
        bySeq.forEach((id, m) -> drift.put(id, Map.of("sequence", List.copyOf(m.keySet()),
                "dxPx", m.values().stream().map(DriftEstimate::getDxPx).toList(), "dyPx", m.values().stream().map(DriftEstimate::getDyPx).toList(),
                "dxNm", m.values().stream().map(DriftEstimate::getDxNm).toList(), "dyNm", m.values().stream().map(DriftEstimate::getDyNm).toList())));
        e.put("drift", drift);

        Map<String, Long> clocks = new TreeMap<>();
        records.get(Topics.CLOCK_MODELS).forEach(r -> clocks.merge(((org.operando.schema.ClockModel) r).getInstrumentId(), 1L, Long::sum));
        e.put("clockModels", clocks);
        return e;
    }
}
