package org.operando.ops.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.operando.ops.Main;
import org.operando.ops.kafka.ClientSettings;
import org.operando.ops.kafka.EmbeddedKafka;
import org.operando.ops.kafka.TopicProvisioner;
import org.operando.ops.pipeline.StreamsRunner;
import org.operando.ops.scoring.RunRecords;
import org.operando.schema.ClockModel;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.DriftEstimate;
import org.operando.schema.RunStart;
import org.operando.schemas.Topics;
import org.operando.simulator.FrameEvent;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.OperandoTopology;

/**
 * {@code operando ingest} of files written by independent tools, processed by the real processors on the embedded
 * broker: an MRC EM stack and an OME-TIFF optical stack with the simulator's known drift plus an EC-Lab CV export as
 * one run without a timing generator; and an EM stack alone.
 */
class IngestIT {
    private static final List<String> RESULTS = List.of(Topics.RUNS, Topics.DRIFT, Topics.CORRELATED, Topics.CLOCK_MODELS,
            Topics.DEAD_LETTERS);
    private static EmbeddedKafka kafka;
    private static StreamsRunner streams;
    private static Map<String, Object> client;

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    @BeforeAll
    static void startBrokerAndProcessors() throws Exception {
        kafka = EmbeddedKafka.inTempDir().start();
        client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        TopicProvisioner.ensureTopics(client, 2, (short) 1);
        streams = new StreamsRunner(OperandoTopology.buildTopology(new OperandoStreamsConfig(Map.of())),
                new ClientSettings(kafka.bootstrapServers(), Map.of()), "ingest-it", Files.createDirectory(shared.resolve("state")), Map.of())
                .start();
        await().atMost(Duration.ofSeconds(60)).until(streams::isRunning);
    }

    @AfterAll
    static void stop() {
        if (streams != null) {
            streams.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Timeout(300)
    void shouldRecoverKnownDriftFromMrcAndOmeTiffAndCorrelateWithTheCvExport() throws Exception {
        IngestFixtures.Simulated sim = IngestFixtures.simulate(Duration.ofSeconds(8));
        long zero = sim.masterStartNs();
        FrameEvent em0 = sim.em().get(0);
        FrameEvent opt0 = sim.optical().get(0);
        IngestFixtures.writeMrc(IngestFixtures.raw(tmp.resolve("em.raw"), sim.em(), 0), sim.em().size(), em0.height(), em0.width(),
                em0.pixelSizeNm(), tmp.resolve("em-stack.mrcs"));
        // the optical file's clock reads 0.25 s ahead (master = instrument - 0.25 s); the manifest declares it. Ahead,
        // not behind: a clock reading is never negative, and the first optical frames come within 0.25 s of the start
        double opticalLagS = -0.25;
        double[] delta = sim.optical().stream().mapToDouble(f -> (f.trueMasterTimeNs() - zero) / 1e9 - opticalLagS).toArray();
        IngestFixtures.writeOmeTiff(IngestFixtures.raw(tmp.resolve("opt.raw"), sim.optical(), 0), sim.optical().size(), opt0.height(),
                opt0.width(), opt0.pixelSizeNm(), delta, opt0.exposureNs() / 1e9, tmp.resolve("optical.ome.tif"));
        IngestFixtures.writeMpt(sim.ec(), zero, false, 0.05, tmp.resolve("cv.mpt"));
        double emPeriodS = (sim.em().get(1).trueMasterTimeNs() - em0.trueMasterTimeNs()) / 1e9;
        Path manifest = Files.writeString(tmp.resolve("cell.yaml"), String.format(Locale.ROOT, """
                runId: ingest-three
                specimen: simulated electrode, written as instrument files
                instruments:
                  - id: em-1
                    modality: EM
                    path: em-stack.mrcs
                    timing: {framePeriodS: %.9f, startS: %.9f, exposureS: %.9f}
                  - id: opt-1
                    modality: OPTICAL
                    path: optical.ome.tif
                    timing: {offsetS: %.3f}
                  - id: pstat-1
                    modality: ELECTROCHEM
                    path: cv.mpt
                """, emPeriodS, (em0.trueMasterTimeNs() - zero) / 1e9, em0.exposureNs() / 1e9, opticalLagS));

        assertThat(Main.run("--bootstrap-servers", kafka.bootstrapServers(), "ingest", manifest.toString(), "--progress", "1s")).isZero();

        Map<String, List<SpecificRecord>> results = awaitDrift("ingest-three", Map.of("em-1", sim.em().size(), "opt-1", sim.optical().size()));
        double emRms = IngestFixtures.driftRmsPerAxis(results.get(Topics.DRIFT), "em-1", truth(sim.em()));
        double optRms = IngestFixtures.driftRmsPerAxis(results.get(Topics.DRIFT), "opt-1", truth(sim.optical()));
        System.out.printf(Locale.ROOT, "IngestIT: drift RMS per axis em-1 %.4f px (%d frames), opt-1 %.4f px (%d frames)%n", emRms,
                sim.em().size(), optRms, sim.optical().size());
        assertThat(emRms).as("EM drift RMS per axis, px").isLessThan(0.05);
        assertThat(optRms).as("optical drift RMS per axis, px").isLessThan(0.05);

        RunStart start = (RunStart) results.get(Topics.RUNS).stream().filter(r -> r instanceof RunStart).findFirst().orElseThrow();
        assertThat(start.getParameters()).containsEntry("timing", "unsynchronized").containsEntry("clockOffsetNs.opt-1", "-250000000");
        assertThat(results.get(Topics.CLOCK_MODELS)).extracting(r -> ((ClockModel) r).getInstrumentId() + ":" + ((ClockModel) r).getUnsynchronized())
                .containsExactlyInAnyOrder("em-1:true", "opt-1:true", "pstat-1:true");
        await().atMost(Duration.ofSeconds(60)).until(() -> correlated("ingest-three").size() >= sim.em().size() - 2);
        List<CorrelatedSample> windows = correlated("ingest-three");
        CorrelatedSample mid = windows.get(windows.size() / 2);
        assertThat(mid.getEc()).as("EC samples in an EM frame's window").isNotNull();
        assertThat(mid.getEc().getSamples()).isGreaterThan(100);
        assertThat(mid.getOptical()).as("optical frames overlapping it").isNotEmpty();
        assertThat(mid.getFeatures()).as("image features of the EM frame").isNotEmpty();
        System.out.printf(Locale.ROOT, "IngestIT: %d correlated windows; mid window %d EC samples, %d optical frames, features %s%n",
                windows.size(), mid.getEc().getSamples(), mid.getOptical().size(), mid.getFeatures().keySet());
    }

    @Test
    @Timeout(300)
    void shouldSynchronizeClocksFromTriggerLogsOfTheGeneratorAndEachInstrument() throws Exception {
        IngestFixtures.Simulated sim = IngestFixtures.simulate(Duration.ofSeconds(8));
        FrameEvent em0 = sim.em().get(0);
        FrameEvent opt0 = sim.optical().get(0);
        // the files carry each instrument's own clock (offset, skew, jitter), as real instruments' do
        IngestFixtures.writeMrc(IngestFixtures.raw(tmp.resolve("em.raw"), sim.em(), 0), sim.em().size(), em0.height(), em0.width(),
                em0.pixelSizeNm(), tmp.resolve("em.mrc"));
        double[] delta = sim.optical().stream().mapToDouble(f -> (f.instrumentTimeNs() - opt0.instrumentTimeNs()) / 1e9).toArray();
        IngestFixtures.writeOmeTiff(IngestFixtures.raw(tmp.resolve("opt.raw"), sim.optical(), 0), sim.optical().size(), opt0.height(),
                opt0.width(), opt0.pixelSizeNm(), delta, opt0.exposureNs() / 1e9, tmp.resolve("opt.ome.tif"));
        IngestFixtures.writeMpt(sim.ec(), 0, true, 0.05, tmp.resolve("cv.mpt"));
        IngestFixtures.writeLog(sim.edgesS("timing", sim.masterStartNs()), tmp.resolve("generator.txt"));
        for (String id : List.of("em-1", "opt-1", "pstat-1")) {
            IngestFixtures.writeLog(sim.edgesS(id, 0), tmp.resolve(id + "-edges.txt"));
        }
        double emPeriodS = (sim.em().get(sim.em().size() - 1).instrumentTimeNs() - em0.instrumentTimeNs()) / 1e9 / (sim.em().size() - 1);
        Path manifest = Files.writeString(tmp.resolve("synced.yaml"), String.format(Locale.ROOT, """
                runId: ingest-synced
                triggers: {periodS: 0.1, masterLog: generator.txt}
                instruments:
                  - {id: em-1, modality: EM, path: em.mrc, timing: {framePeriodS: %.9f, startS: %.9f, exposureS: %.9f, triggerLog: em-1-edges.txt}}
                  - {id: opt-1, modality: OPTICAL, path: opt.ome.tif, timing: {startS: %.9f, triggerLog: opt-1-edges.txt}}
                  - {id: pstat-1, modality: ELECTROCHEM, path: cv.mpt, timing: {triggerLog: pstat-1-edges.txt}}
                """, emPeriodS, em0.instrumentTimeNs() / 1e9, em0.exposureNs() / 1e9, opt0.instrumentTimeNs() / 1e9));

        assertThat(Main.run("--bootstrap-servers", kafka.bootstrapServers(), "ingest", manifest.toString())).isZero();

        Map<String, List<SpecificRecord>> results = awaitDrift("ingest-synced", Map.of("em-1", sim.em().size(), "opt-1", sim.optical().size()));
        List<ClockModel> models = results.get(Topics.CLOCK_MODELS).stream().map(r -> (ClockModel) r).toList();
        assertThat(models).extracting(ClockModel::getInstrumentId).contains("em-1", "opt-1", "pstat-1");
        assertThat(models).allSatisfy(m -> assertThat(m.getUnsynchronized()).isFalse());
        ClockModel em = models.stream().filter(m -> m.getInstrumentId().equals("em-1")).reduce((a, b) -> b).orElseThrow();
        assertThat(em.getMarksUsed()).isGreaterThanOrEqualTo(40);
        // the generator's log starts at master 0 = the simulator's master start
        double fittedNs = em.getReferenceMasterTimeNs() + em.getReferenceMasterFractionNs()
                + (1 + em.getSkew()) * (em0.instrumentTimeNs() - em.getReferenceInstrumentTimeNs());
        double trueNs = em0.trueMasterTimeNs() - sim.masterStartNs();
        assertThat(fittedNs - trueNs).as("first EM frame on the fitted clock vs its true master time, ns").isBetween(-20_000.0, 20_000.0);
        double emRms = IngestFixtures.driftRmsPerAxis(results.get(Topics.DRIFT), "em-1", truth(sim.em()));
        System.out.printf(Locale.ROOT, "IngestIT: trigger-log run: em-1 first frame at %.0f ns vs true %.0f ns (error %.1f us), skew %.2f ppm, %d marks; drift RMS %.4f px%n",
                fittedNs, trueNs, (fittedNs - trueNs) / 1e3, em.getSkew() * 1e6, em.getMarksUsed(), emRms);
        assertThat(emRms).isLessThan(0.05);
        await().atMost(Duration.ofSeconds(60)).until(() -> correlated("ingest-synced").size() >= sim.em().size() - 2);
        CorrelatedSample mid = correlated("ingest-synced").get(sim.em().size() / 2);
        assertThat(mid.getEc()).isNotNull();
        assertThat(mid.getOptical()).isNotEmpty();
    }

    @Test
    @Timeout(240)
    void shouldRunTheProcessorsOnTheEmbeddedBrokerWhenNoClusterIsGiven() throws Exception {
        IngestFixtures.Simulated sim = IngestFixtures.simulate(Duration.ofSeconds(3));
        FrameEvent em0 = sim.em().get(0);
        IngestFixtures.writeMrc(IngestFixtures.raw(tmp.resolve("em.raw"), sim.em(), 0), sim.em().size(), em0.height(), em0.width(),
                em0.pixelSizeNm(), tmp.resolve("em.mrc"));
        Path manifest = Files.writeString(tmp.resolve("embedded.yaml"), "instruments:\n  - {id: em-1, modality: EM, path: em.mrc, timing: {framePeriodS: 0.2}}\n");
        Path summary = tmp.resolve("summary.json");
        assertThat(Main.run("ingest", manifest.toString(), "--http-port", "-1", "--summary-json", summary.toString())).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toFile());
        assertThat(json.get("streams").get("em-1").get("produced").asLong()).isEqualTo(sim.em().size());
        assertThat(json.get("streams").get("em-1").get("processed").asLong()).isEqualTo(sim.em().size());
    }

    @Test
    @Timeout(240)
    void shouldEstimateDriftOfEveryFrameOfALoneEmStackWithoutTiming() throws Exception {
        IngestFixtures.Simulated sim = IngestFixtures.simulate(Duration.ofSeconds(5));
        FrameEvent em0 = sim.em().get(0);
        IngestFixtures.writeMrc(IngestFixtures.raw(tmp.resolve("em.raw"), sim.em(), 0), sim.em().size(), em0.height(), em0.width(),
                em0.pixelSizeNm(), tmp.resolve("alone.mrc"));
        Path manifest = Files.writeString(tmp.resolve("alone.json"), """
                {"instruments": [{"id": "em-1", "modality": "EM", "path": "alone.mrc", "timing": {"framePeriodS": 0.2}}]}
                """);
        assertThat(Main.run("--bootstrap-servers", kafka.bootstrapServers(), "ingest", manifest.toString())).isZero();
        Map<String, List<SpecificRecord>> results = awaitDrift("alone", Map.of("em-1", sim.em().size()));
        assertThat(results.get(Topics.DRIFT)).extracting(r -> ((DriftEstimate) r).getSequence()).doesNotHaveDuplicates()
                .hasSize(sim.em().size());
        assertThat(results.get(Topics.DEAD_LETTERS)).isEmpty();
        double rms = IngestFixtures.driftRmsPerAxis(results.get(Topics.DRIFT), "em-1", truth(sim.em()));
        System.out.printf(Locale.ROOT, "IngestIT: EM alone, %d frames, drift RMS per axis %.4f px%n", sim.em().size(), rms);
        assertThat(rms).isLessThan(0.05);
    }

    @Test
    void shouldRefuseATruncatedFileWithOneLineAndPublishNothing() throws Exception {
        Files.write(tmp.resolve("cut.mrc"), new byte[1500]);
        Path manifest = Files.writeString(tmp.resolve("cut.yaml"), "instruments:\n  - {id: em-1, modality: EM, path: cut.mrc, "
                + "pixelSizeNm: 1, timing: {framePeriodS: 1}}\n");
        var err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        int code;
        try {
            code = Main.run("--bootstrap-servers", kafka.bootstrapServers(), "ingest", manifest.toString());
        } finally {
            System.setErr(before);
        }
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().trim()).isEqualTo("operando: " + tmp.resolve("cut.mrc") + ": MRC header has NX=0 NY=0 NZ=0; "
                + "expected positive sizes (is it an MRC file?)");
        assertThat(RunRecords.read(client, "cut", List.of(Topics.RUNS, Topics.FRAMES)).values()).allMatch(List::isEmpty);
    }

    private static Map<Long, double[]> truth(List<FrameEvent> frames) {
        Map<Long, double[]> out = new HashMap<>();
        frames.forEach(f -> out.put(f.sequence(), new double[] {f.driftXPx(), f.driftYPx()}));
        return out;
    }

    private static Map<String, List<SpecificRecord>> awaitDrift(String runId, Map<String, Integer> framesPerInstrument) {
        Map<String, List<SpecificRecord>>[] last = new Map[1];
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            last[0] = RunRecords.read(client, runId, RESULTS);
            return framesPerInstrument.entrySet().stream().allMatch(e -> last[0].get(Topics.DRIFT).stream()
                    .filter(r -> ((DriftEstimate) r).getInstrumentId().equals(e.getKey())).count() >= e.getValue());
        });
        return last[0];
    }

    private static List<CorrelatedSample> correlated(String runId) {
        Map<Long, CorrelatedSample> latest = new java.util.TreeMap<>();
        RunRecords.read(client, runId, List.of(Topics.CORRELATED)).get(Topics.CORRELATED)
                .forEach(r -> latest.put(((CorrelatedSample) r).getEmSequence(), (CorrelatedSample) r));
        return List.copyOf(latest.values());
    }
}
