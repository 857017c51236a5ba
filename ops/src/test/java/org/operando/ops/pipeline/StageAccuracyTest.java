package org.operando.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.operando.ops.scoring.Scoreboard;
import org.operando.producers.Acquired;
import org.operando.schema.ClockModel;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.FrameRef;
import org.operando.schema.GroundTruth;
import org.operando.schema.TruthKind;
import org.operando.schemas.DeadLetterHandler;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.OperandoTopology;

/**
 * Every stage's accuracy against the simulator's ground truth, measured on what the whole topology publishes
 * (TopologyTestDriver; records fed in publication order, as a producer publishes them): clock sync by the fitted
 * models' own error at the frames' stamped times (the simulator's frame-stamp jitter is not the fit's), alignment by
 * the optical frames and EC samples that truly overlap each EM exposure, drift per axis, registration TRE against its
 * prediction, the particle response's lag and the pump-probe time constant.
 */
class StageAccuracyTest {

    /** What one simulated run gave: its published records and every result topic's records. */
    private record Outcome(List<Acquired> published, Map<String, List<SpecificRecord>> results, Scoreboard score) {
        List<SpecificRecord> of(String topic) {
            return results.getOrDefault(topic, List.of());
        }

        List<SpecificRecord> truth(TruthKind kind) {
            return published.stream().filter(a -> a.topic().equals(Topics.GROUND_TRUTH) && ((GroundTruth) a.record()).getKind() == kind)
                    .map(Acquired::record).toList();
        }
    }

    @Test
    void shouldSyncClocksWithinTheFitsStatisticalErrorAndAlignWindowsToTheTrueOverlap() {
        Outcome run = run("default", 24);
        Map<String, double[]> truthClocks = new HashMap<>();
        for (SpecificRecord r : run.truth(TruthKind.CLOCK)) {
            GroundTruth g = (GroundTruth) r;
            truthClocks.put(g.getInstrumentId(), new double[] {g.getClockOffsetNs(), g.getClockSkew()});
        }
        double jitter = run.score().runValues().get("jitterSigmaNs");
        Map<String, Long> instrumentTime = new HashMap<>(); // "id#seq" -> stamped instrument time
        Map<String, Long> exposure = new HashMap<>();
        for (Acquired a : run.published()) {
            if (a.record() instanceof org.operando.schema.Frame f) {
                instrumentTime.put(f.getInstrumentId() + "#" + f.getSequence(), f.getInstrumentTimeNs());
                exposure.put(f.getInstrumentId() + "#" + f.getSequence(), f.getExposureNs());
            }
        }
        Map<String, TreeMap<Long, ClockModel>> models = new HashMap<>();
        for (SpecificRecord r : run.of(Topics.CLOCK_MODELS)) {
            ClockModel m = (ClockModel) r;
            models.computeIfAbsent(m.getInstrumentId(), k -> new TreeMap<>()).put(m.getValidToInstrumentTimeNs(), m);
        }
        long runStart = run.published().get(0).masterTimeNs();
        Map<String, double[]> fit = new TreeMap<>(); // sum err^2, sum bound^2, n
        List<SpecificRecord> windows = Scoreboard.latestRevisions(run.of(Topics.CORRELATED));
        for (SpecificRecord r : windows) {
            CorrelatedSample w = (CorrelatedSample) r;
            List<Object[]> frames = new ArrayList<>();
            frames.add(new Object[] {w.getInstrumentId(), w.getEmSequence(), w.getMasterStartNs()});
            for (FrameRef ref : w.getOptical()) {
                frames.add(new Object[] {ref.getInstrumentId(), ref.getSequence(), ref.getMasterStartNs()});
            }
            for (Object[] f : frames) {
                String id = (String) f[0];
                long x = instrumentTime.get(id + "#" + f[1]);
                double[] c = truthClocks.get(id);
                if ((long) f[2] < runStart + 8_000_000_000L) {
                    continue; // the fits converge over the first seconds
                }
                double err = (long) f[2] - (c[0] + (1 + c[1]) * x);
                ClockModel m = models.get(id).floorEntry(x).getValue();
                int n = m.getMarksUsed();
                double length = m.getValidToInstrumentTimeNs() - m.getValidFromInstrumentTimeNs();
                double dx = x - 0.5 * (m.getValidToInstrumentTimeNs() + m.getValidFromInstrumentTimeNs());
                double sxx = n * length * length / 12.0 * (n + 1.0) / Math.max(1, n - 1);
                double[] a = fit.computeIfAbsent(id, k -> new double[3]);
                a[0] += err * err;
                a[1] += jitter * jitter * (1.0 / n + dx * dx / sxx);
                a[2]++;
            }
        }
        assertThat(fit).containsKeys("em-1", "opt-1");
        fit.forEach((id, a) -> {
            double rms = Math.sqrt(a[0] / a[2]);
            double bound = Math.sqrt(a[1] / a[2]);
            System.out.printf("sync %s: clock-fit error %.1f ns RMS over %d frames, statistical limit %.1f ns%n", id, rms, (long) a[2], bound);
            // the fit's error at a frame is that of a line through N jittered marks; a single run's RMS scatters
            // about its expectation, and consecutive frames share a model, so allow 2x
            assertThat(rms).as("%s clock-fit error vs sigma*sqrt(1/N + dx^2/Sxx)", id).isLessThan(2.0 * bound);
        });

        // alignment: the optical frames and EC samples that truly overlap each EM exposure
        Map<String, Long> trueStart = new HashMap<>();
        for (SpecificRecord r : run.truth(TruthKind.FRAME)) {
            GroundTruth g = (GroundTruth) r;
            trueStart.put(g.getInstrumentId() + "#" + g.getSequence(), g.getTrueMasterTimeNs());
        }
        TreeMap<Long, Integer> trueSamples = new TreeMap<>();
        Map<Long, ElectrochemBlock> blocks = new HashMap<>();
        run.published().stream().filter(a -> a.record() instanceof ElectrochemBlock)
                .forEach(a -> blocks.put(((ElectrochemBlock) a.record()).getSequence(), (ElectrochemBlock) a.record()));
        for (SpecificRecord r : run.truth(TruthKind.EC_BLOCK)) {
            GroundTruth g = (GroundTruth) r;
            ElectrochemBlock b = blocks.get(g.getSequence());
            double period = b.getSamplePeriodNs() * (1 + truthClocks.get(b.getInstrumentId())[1]);
            for (int k = 0; k < b.getPotentialV().size(); k++) {
                trueSamples.put(g.getTrueMasterTimeNs() + Math.round(k * period), 1);
            }
        }
        long margin = 20_000; // ns: far beyond the clock error; closer calls are ambiguous and not scored
        int scored = 0;
        int ambiguous = 0;
        for (SpecificRecord r : windows) {
            CorrelatedSample w = (CorrelatedSample) r;
            long s = trueStart.get(w.getInstrumentId() + "#" + w.getEmSequence());
            long e = s + exposure.get(w.getInstrumentId() + "#" + w.getEmSequence());
            List<Long> expected = new ArrayList<>();
            boolean unclear = false;
            for (var f : trueStart.entrySet()) {
                if (!f.getKey().startsWith("opt-1#")) {
                    continue;
                }
                long os = f.getValue();
                long oe = os + exposure.get(f.getKey());
                long overlap = Math.min(e, oe) - Math.max(s, os);
                if (Math.abs(overlap) < margin) {
                    unclear = true;
                } else if (overlap > 0) {
                    expected.add(Long.parseLong(f.getKey().substring(6)));
                }
            }
            boolean sampleAtEdge = !trueSamples.subMap(s - margin, s + margin).isEmpty() || !trueSamples.subMap(e - margin, e + margin).isEmpty();
            if (unclear || sampleAtEdge) {
                ambiguous++;
                continue;
            }
            scored++;
            assertThat(w.getOptical()).extracting(FrameRef::getSequence).as("optical frames in window %d", w.getEmSequence())
                    .containsExactlyInAnyOrderElementsOf(expected);
            int samples = trueSamples.subMap(s, true, e, true).size();
            assertThat(w.getEc() == null ? 0 : w.getEc().getSamples()).as("EC samples in window %d", w.getEmSequence()).isEqualTo(samples);
        }
        System.out.printf("alignment: %d windows matched to the true overlap, %d within 20 us of an edge not scored%n", scored, ambiguous);
        // the simulated cameras start their exposures on common ticks, so many optical frames just touch an EM exposure
        assertThat(scored).as("windows scored").isGreaterThan(windows.size() * 2 / 5);

        Map<String, Object> drift = run.score().drift(run.of(Topics.DRIFT));
        System.out.println("drift: " + drift);
        assertThat(rmsPerAxis(drift, "em-1")).isLessThan(0.06);
        assertThat(rmsPerAxis(drift, "opt-1")).isLessThan(0.02);
        for (String id : new String[] {"em-1", "opt-1"}) {
            assertThat(rmsPerAxis(drift, id)).as("%s published drift error vs the raw measurement's", id)
                    .isLessThanOrEqualTo(((Number) ((Map<?, ?>) drift.get(id)).get("rawRmsErrorPx")).doubleValue());
        }
        // the default profile registers too (decision: every stage in the default demo)
        Map<String, Object> reg = run.score().registration(run.of(Topics.REGISTRATIONS));
        System.out.println("registration: " + reg);
        assertThat((int) reg.get("updates")).isPositive();
        assertThat((double) reg.get("treNm")).as("default profile: TRE over the EM field vs predicted")
                .isLessThanOrEqualTo(1.2 * (double) reg.get("predictedTreNm"));
        Map<String, Object> lag = run.score().correlation(run.of(Topics.CORRELATION_RESULTS));
        System.out.println("lag: " + lag);
        assertThat((double) lag.get("lagErrorS")).as("particle response lag behind the charge passed").isLessThan(0.3);
    }

    @Test
    void shouldRegisterOpticalOntoEmWithinItsPredictedError() {
        Outcome run = run("coregistration", 8);
        Map<String, Object> reg = run.score().registration(run.of(Topics.REGISTRATIONS));
        System.out.println("registration: " + reg);
        assertThat((int) reg.get("updates")).isPositive();
        assertThat((double) reg.get("treNm")).as("TRE over the EM field vs predicted").isLessThan(1.5 * (double) reg.get("predictedTreNm"));
    }

    @Test
    void shouldRecoverThePumpProbeTimeConstant() {
        Outcome run = run("pump-probe", 12);
        Map<String, Object> tau = run.score().correlation(run.of(Topics.CORRELATION_RESULTS));
        System.out.println("pump-probe: " + tau);
        assertThat(tau).containsKey("tauErrorS");
        assertThat((double) tau.get("tauErrorS")).as("tau error").isLessThan(0.25 * (double) tau.get("trueTauS"));
    }

    private static double rmsPerAxis(Map<String, Object> drift, String id) {
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) drift.get(id);
        return ((Number) d.get("rmsErrorPx")).doubleValue();
    }

    private static Outcome run(String profile, int seconds) {
        List<Acquired> published = TopologyFeed.published(profile, Duration.ofSeconds(seconds), "run-1");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "operando-accuracy-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        Map<String, List<SpecificRecord>> results = new TreeMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(OperandoTopology.buildTopology(OperandoStreamsConfig.defaults()), props)) {
            TopologyFeed.pipe(driver, published);
            for (String topic : List.of(Topics.CLOCK_MODELS, Topics.CORRELATED, Topics.DRIFT, Topics.REGISTRATIONS,
                    Topics.CORRELATION_RESULTS)) {
                for (byte[] v : driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer()).readValuesToList()) {
                    results.computeIfAbsent(topic, k -> new ArrayList<>()).add(SchemaRegistry.get().decodeAny(v));
                }
            }
        }
        List<SpecificRecord> truth = published.stream().filter(a -> a.topic().equals(Topics.GROUND_TRUTH)).map(Acquired::record).toList();
        List<SpecificRecord> runs = published.stream().filter(a -> a.topic().equals(Topics.RUNS)).map(Acquired::record).toList();
        return new Outcome(published, results, new Scoreboard(truth, runs));
    }
}
