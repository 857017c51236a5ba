package org.operando.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.operando.ops.metrics.EndToEndLatency;
import org.operando.schema.Compression;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.DriftEstimate;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.PixelType;
import org.operando.schema.Rejected;
import org.operando.schema.Technique;
import org.operando.schemas.FramePixels;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

/** Routing of decoded records into run state, without a broker: records are handed to the feed directly. */
class DashboardFeedTest {
    private static final long NOW_MS = 1_700_000_000_000L;
    private final EndToEndLatency latency = new EndToEndLatency();
    private final DashboardMetrics metrics = new DashboardMetrics();
    private final DashboardFeed feed = new DashboardFeed(Map.of("bootstrap.servers", "127.0.0.1:9"), Instant.EPOCH,
            Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC), latency, metrics);

    @AfterEach
    void close() {
        feed.close();
    }

    @Test
    void shouldKeepOnlyNewestFrameAndDecimateEcBlocksToBoundedPoints() {
        for (int i = 0; i < 3; i++) {
            feed.handle(record(Topics.FRAMES, frame(i), NOW_MS));
        }
        feed.handle(record(Topics.ELECTROCHEM, ec(1000), NOW_MS));
        RunState run = feed.run("run-1");
        assertThat(run.frames.get("em-1").newest().version()).isEqualTo(3);
        assertThat(run.frames.get("em-1").newest().value().getSequence()).isEqualTo(2);
        assertThat(run.ec.get("pstat-1").size()).as("1000 samples, stride 10").isEqualTo(100);
        boolean[] onMaster = {true};
        double[][] cols = run.ec.get("pstat-1").columns(run.clock, onMaster);
        assertThat(onMaster[0]).as("no clock model yet").isFalse();
        assertThat(cols[0][99]).as("time of sample 990 at 1 ms period, from the first sample").isEqualTo(0.99, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(run.receivedCounts()).containsEntry("em-1", 3L).containsEntry("pstat-1", 1L);
        assertThat(feed.runs()).containsExactly("run-1");
    }

    @Test
    void shouldMeasureLatencyFromRecordTimestampAndCountDeadLetters() {
        feed.handle(record(Topics.DRIFT, DriftEstimate.newBuilder().setRunId("run-1").setInstrumentId("em-1").setSequence(0)
                .setMasterTimeNs(0).setDxPx(1).setDyPx(2).setDxNm(0).setDyNm(0).setRawDxPx(1).setRawDyPx(2).setConfidence(9)
                .setJump(false).setLowConfidence(false).setReferenceSequence(0).build(), NOW_MS - 250));
        feed.handle(record(Topics.DEAD_LETTERS, Rejected.newBuilder().setRunId("run-1").setInstrumentId("em-1").setStage("validate")
                .setReason("bad").setSourceTopic(Topics.FRAMES).setSourcePartition(0).setSourceOffset(1).build(), NOW_MS - 50));
        assertThat(latency.summaryMs().get("em-1").get("max").doubleValue()).as("HdrHistogram keeps 3 significant digits")
                .isCloseTo(250.0, org.assertj.core.api.Assertions.within(0.25));
        assertThat(latency.summaryMs().get("em-1").get("count").longValue()).isEqualTo(2);
        assertThat(feed.run("run-1").deadLetterCounts()).containsEntry("em-1", 1L);
        assertThat(feed.run("run-1").driftHistory.get("em-1").size()).isEqualTo(1);
    }

    @Test
    void shouldMeasureAWindowFromItsEmExposureEndAndNotCountItsRevisions() {
        long startMaster = 5_000_000_000L;
        feed.handle(record(Topics.RUNS, org.operando.schema.RunStart.newBuilder().setRunId("run-1").setInstrumentId("timing")
                .setStartMasterTimeNs(startMaster).setWallClockEpochNs(startMaster).setSpecimen("").setOperator("").setSimulated(true)
                .setInstruments(List.of()).setTriggerPeriodNs(1_000_000L).setParameters(Map.of()).build(), NOW_MS - 2_000));
        // the window about [0.8 s, 1.0 s] of the run was released by a record published 200 ms ago
        CorrelatedSample window = correlated(0, 0, Map.of());
        window.setMasterStartNs(startMaster + 800_000_000L);
        window.setMasterEndNs(startMaster + 1_000_000_000L);
        feed.handle(record(Topics.CORRELATED, window, NOW_MS - 200));
        CorrelatedSample revised = correlated(0, 1, Map.of());
        revised.setMasterEndNs(startMaster);
        feed.handle(record(Topics.CORRELATED, revised, NOW_MS - 100));

        var alignment = latency.stageSummaryMs().get("em-1").get("alignment");
        assertThat(alignment.get("count").longValue()).as("a revision is not a new result").isEqualTo(1);
        assertThat(alignment.get("max").doubleValue()).as("from the exposure's end, 1 s of the run before now")
                .isCloseTo(1_000.0, org.assertj.core.api.Assertions.within(1.0));
    }

    @Test
    void shouldReplaceAmendedCorrelatedSampleAndBuildPumpProbeCurveSortedByDelay() {
        feed.handle(record(Topics.CORRELATED, correlated(0, 0, Map.of("roi0MeanCounts", 10.0)), NOW_MS));
        feed.handle(record(Topics.CORRELATED, correlated(0, 1, Map.of("roi0MeanCounts", 12.0)), NOW_MS));
        feed.handle(record(Topics.CORRELATED, correlated(1, 0, Map.of("pumpDelayFs", 500.0, "pumpProbeDeltaCounts", 3.0)), NOW_MS));
        feed.handle(record(Topics.CORRELATED, correlated(2, 0, Map.of("pumpDelayFs", 100.0, "pumpProbeDeltaCounts", 7.0)), NOW_MS));
        FeatureHistory h = feed.run("run-1").features.get("em-1");
        assertThat(h.versusPotential().get("roi0MeanCounts")).hasSize(1);
        assertThat(h.versusPotential().get("roi0MeanCounts").get(0)).containsExactly(0.4, 12.0, 0.0);
        List<double[]> pump = h.pumpProbe().get("pumpProbeDeltaCounts");
        assertThat(pump).extracting(p -> p[0]).containsExactly(100.0, 500.0);
    }

    @Test
    void shouldSkipUndecodableRecords() {
        feed.handle(new ConsumerRecord<>(Topics.FRAMES, 0, 0, NOW_MS, TimestampType.CREATE_TIME, 0, 3, "run-1", new byte[] {1, 2, 3},
                new RecordHeaders(), Optional.empty()));
        assertThat(feed.runs()).isEmpty();
    }

    private static ConsumerRecord<String, byte[]> record(String topic, SpecificRecord value, long timestampMs) {
        byte[] bytes = SchemaRegistry.get().encode(value);
        return new ConsumerRecord<>(topic, 0, 0, timestampMs, TimestampType.CREATE_TIME, 0, bytes.length, "run-1", bytes,
                new RecordHeaders(), Optional.empty());
    }

    private static Frame frame(long seq) {
        return Frame.newBuilder().setRunId("run-1").setInstrumentId("em-1").setSequence(seq).setInstrumentTimeNs(seq)
                .setExposureNs(1).setWidth(4).setHeight(4).setPixelType(PixelType.U16).setPixelSizeNm(1).setStageXNm(0)
                .setStageYNm(0).setCompression(Compression.NONE).setPixels(FramePixels.packU16(new short[16], Compression.NONE)).build();
    }

    private static ElectrochemBlock ec(int n) {
        List<Double> v = new ArrayList<>();
        List<Double> i = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            v.add(k * 1e-3);
            i.add(k * 1e-9);
        }
        return ElectrochemBlock.newBuilder().setRunId("run-1").setInstrumentId("pstat-1").setSequence(0)
                .setFirstSampleInstrumentTimeNs(5_000_000_000L).setSamplePeriodNs(1_000_000).setTechnique(Technique.CV)
                .setPotentialV(v).setCurrentA(i).build();
    }

    private static CorrelatedSample correlated(long seq, int revision, Map<String, Double> features) {
        return CorrelatedSample.newBuilder().setRunId("run-1").setInstrumentId("em-1").setEmSequence(seq).setMasterStartNs(0)
                .setMasterEndNs(1).setMasterTimeSigmaNs(1).setOptical(List.of())
                .setEc(org.operando.schema.EcSummary.newBuilder().setSamples(1).setMeanPotentialV(0.4).setMinPotentialV(0.4)
                        .setMaxPotentialV(0.4).setMeanCurrentA(0).setMinCurrentA(0).setMaxCurrentA(0).setChargeC(0).build())
                .setFeatures(Map.copyOf(features)).setRevision(revision).build();
    }
}
