package org.operando.streams.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.operando.schema.ClockModel;
import org.operando.schema.Compression;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.Technique;
import org.operando.schema.TriggerMark;
import org.operando.schemas.AnyRecordSerde;
import org.operando.schemas.AvroSerde;
import org.operando.schemas.DeadLetterHandler;
import org.operando.schemas.FramePixels;
import org.operando.schemas.Topics;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.OperandoTopology;

/**
 * The composed topology on known clocks (no jitter): EM clock offset +3 s and 50 ppm fast... every assertion
 * says what the master clock must read.
 */
class OperandoTopologyTest {
    private static final long T0 = 1_763_769_600_000_000_000L;
    /** Frames here are 2 x 2: alignment only; the image stages dead-letter them (see the drift test). */
    private static final long PERIOD = 100_000_000L;
    private static final long MS = 1_000_000L;
    /** instrument = (master - a) / (1 + b) */
    private static final Map<String, double[]> CLOCKS = Map.of("em-1", new double[] {3e9, 50e-6}, "opt-1", new double[] {-7e9, -30e-6},
            "pstat-1", new double[] {1.5e9, 20e-6}, "em-2", new double[] {-2e9, 10e-6},
            "em-9", new double[] {0, 0});

    private TopologyTestDriver driver;
    private TestInputTopic<String, SpecificRecord> runs;
    private TestInputTopic<String, TriggerMark> marks;
    private TestInputTopic<String, Frame> frames;
    private TestInputTopic<String, ElectrochemBlock> ec;
    private TestOutputTopic<String, CorrelatedSample> correlated;
    private TestOutputTopic<String, Rejected> deadLetters;
    private TestOutputTopic<String, ClockModel> clockModels;
    private long edge;
    /** Instruments whose marks {@link #edges} sends besides the timing generator's. */
    private final List<String> marked = new java.util.ArrayList<>(List.of("em-1", "opt-1", "pstat-1"));
    private final Map<String, Long> markSeq = new java.util.HashMap<>();

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "operando-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        OperandoStreamsConfig config = new OperandoStreamsConfig(Map.of(OperandoStreamsConfig.GRACE_MS, 1_000L,
                OperandoStreamsConfig.STALL_MS, 1_000L));
        driver = new TopologyTestDriver(OperandoTopology.buildTopology(config), props);
        runs = driver.createInputTopic(Topics.RUNS, new StringSerializer(), new AnyRecordSerde().serializer());
        marks = driver.createInputTopic(Topics.TRIGGERS, new StringSerializer(), AvroSerde.of(TriggerMark.class));
        frames = driver.createInputTopic(Topics.FRAMES, new StringSerializer(), AvroSerde.of(Frame.class));
        ec = driver.createInputTopic(Topics.ELECTROCHEM, new StringSerializer(), AvroSerde.of(ElectrochemBlock.class));
        correlated = driver.createOutputTopic(Topics.CORRELATED, new StringDeserializer(), AvroSerde.of(CorrelatedSample.class));
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, new StringDeserializer(), AvroSerde.of(Rejected.class));
        clockModels = driver.createOutputTopic(Topics.CLOCK_MODELS, new StringDeserializer(), AvroSerde.of(ClockModel.class));
        runs.pipeInput("run-1", RunStart.newBuilder().setRunId("run-1").setInstrumentId("timing").setStartMasterTimeNs(T0)
                .setWallClockEpochNs(T0).setSpecimen("test").setOperator("test").setSimulated(true).setTriggerPeriodNs(PERIOD)
                .setInstruments(List.of(info("timing", Modality.TIMING), info("em-1", Modality.EM), info("opt-1", Modality.OPTICAL),
                        info("pstat-1", Modality.ELECTROCHEM))).build());
        descriptor("timing", Modality.TIMING);
        descriptor("em-1", Modality.EM);
        descriptor("opt-1", Modality.OPTICAL);
        descriptor("pstat-1", Modality.ELECTROCHEM);
        edges(30);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static org.operando.schema.InstrumentInfo info(String id, Modality modality) {
        return org.operando.schema.InstrumentInfo.newBuilder().setInstrumentId(id).setModality(modality).setClockDomain(id).build();
    }

    private void descriptor(String id, Modality modality) {
        boolean imaging = modality == Modality.EM || modality == Modality.OPTICAL;
        runs.pipeInput("run-1", StreamDescriptor.newBuilder().setRunId("run-1").setInstrumentId(id).setModality(modality)
                .setClockDomain(id).setPixelType(imaging ? PixelType.U16 : null).setWidth(imaging ? 2 : null)
                .setHeight(imaging ? 2 : null).setPixelSizeNm(imaging ? 2.0 : null).build());
    }

    private static long toInstrument(String id, long masterNs) {
        double[] c = CLOCKS.get(id);
        return Math.round((masterNs - T0 - c[0]) / (1 + c[1])) + T0;
    }

    /** n more trigger edges, seen by the timing generator and every instrument. */
    private void edges(int n) {
        for (int i = 0; i < n; i++) {
            long master = T0 + edge++ * PERIOD;
            mark("timing", master);
            for (String id : marked) {
                mark(id, toInstrument(id, master));
            }
        }
    }

    private void mark(String id, long instrumentNs) {
        long seq = markSeq.merge(id, 1L, Long::sum) - 1;
        marks.pipeInput("run-1", TriggerMark.newBuilder().setRunId("run-1").setInstrumentId(id).setTriggerLine("ttl0")
                .setSequence(seq).setInstrumentTimeNs(instrumentNs).build());
    }

    private void frame(String id, long sequence, long masterStart, long exposure) {
        frames.pipeInput("run-1", Frame.newBuilder().setRunId("run-1").setInstrumentId(id).setSequence(sequence)
                .setInstrumentTimeNs(toInstrument(id, masterStart)).setExposureNs(exposure).setWidth(2).setHeight(2)
                .setPixelType(PixelType.U16).setPixelSizeNm(2).setStageXNm(0).setStageYNm(0).setCompression(Compression.NONE)
                .setPixels(FramePixels.packU16(new short[] {1, 2, 3, 4}, Compression.NONE)).build());
    }

    /** 1 kHz samples over [from, to) master, current 1 mA. */
    private void ecBlock(long sequence, long from, long to) {
        int n = (int) ((to - from) / MS);
        ec.pipeInput("run-1", ElectrochemBlock.newBuilder().setRunId("run-1").setInstrumentId("pstat-1").setSequence(sequence)
                .setFirstSampleInstrumentTimeNs(toInstrument("pstat-1", from)).setSamplePeriodNs(MS).setTechnique(Technique.CA)
                .setPotentialV(java.util.Collections.nCopies(n, 0.2)).setCurrentA(java.util.Collections.nCopies(n, 1e-3)).build());
    }

    private long now() {
        return T0 + edge * PERIOD;
    }

    @Test
    void shouldRestampFramesOntoMasterClockAndAlignPartners() {
        long start = now();
        frame("em-1", 0, start, 200 * MS);
        frame("opt-1", 0, start + 50 * MS, 100 * MS);
        frame("opt-1", 1, start + 450 * MS, 100 * MS);
        ecBlock(0, start - 100 * MS, start + 600 * MS);
        edges(10);
        List<CorrelatedSample> out = correlated.readValuesToList();
        assertThat(out).hasSize(1);
        CorrelatedSample s = out.get(0);
        assertThat((double) s.getMasterStartNs()).isCloseTo(start, within(2.0));
        assertThat((double) (s.getMasterEndNs() - s.getMasterStartNs())).as("exposure corrected for +50 ppm").isCloseTo(200e6 * (1 + 50e-6), within(2.0));
        assertThat(s.getOptical()).singleElement().satisfies(ref -> {
            assertThat(ref.getSequence()).isZero();
            assertThat((double) ref.getMasterStartNs()).isCloseTo(start + 50 * MS, within(2.0));
        });
        assertThat(s.getEc().getSamples()).isBetween(200, 201);
        assertThat(s.getRevision()).isZero();
        assertThat(s.getEc().getChargeC()).isCloseTo(2e-4, within(2e-6));
        assertThat(clockModels.readValuesToList()).isNotEmpty().allSatisfy(m -> assertThat(m.getMarksUsed()).isGreaterThanOrEqualTo(4));
    }

    @Test
    void shouldAlignOpticalFrameArrivingBeforeItsEmFrame() {
        long start = now();
        frame("opt-1", 0, start + 50 * MS, 100 * MS);
        frame("opt-1", 1, start + 450 * MS, 100 * MS);
        ecBlock(0, start, start + 600 * MS);
        frame("em-1", 0, start, 200 * MS);
        edges(10);
        assertThat(correlated.readValuesToList()).singleElement().satisfies(s -> assertThat(s.getOptical()).hasSize(1));
    }

    @Test
    void shouldAmendResultWhenLateOpticalFrameArrivesWithinGrace() {
        long start = now();
        frame("em-1", 0, start, 200 * MS);
        ecBlock(0, start, start + 600 * MS);
        frame("opt-1", 1, start + 450 * MS, 100 * MS);
        edges(7); // every stream is past end + 200 ms settle: first result out; the window stays open until end + 1 s
        frame("opt-1", 0, start + 50 * MS, 100 * MS); // delivered after its successor: out of its stream's order
        edges(2);
        List<CorrelatedSample> out = correlated.readValuesToList();
        assertThat(out).extracting(CorrelatedSample::getRevision).containsExactly(0, 1);
        assertThat(out.get(0).getOptical()).isEmpty();
        assertThat(out.get(1).getOptical()).hasSize(1);
        assertThat(deadLetters.readValuesToList()).noneMatch(r -> r.getStage().equals("align"));
    }

    @Test
    void shouldDeadLetterFrameBeyondGraceWithReason() {
        long start = now();
        frame("em-1", 0, start, 200 * MS);
        frame("opt-1", 1, start + 2_500 * MS, 100 * MS);
        edges(30);
        frame("opt-1", 0, start + 50 * MS, 100 * MS); // 2.45 s before its own stream's newest frame: beyond the 1 s grace
        List<Rejected> rejected = deadLetters.readValuesToList().stream().filter(r -> r.getStage().equals("align")).toList();
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.getStage()).isEqualTo("align");
            assertThat(r.getInstrumentId()).isEqualTo("opt-1");
            assertThat(r.getReason()).contains("beyond the 1000 ms grace period");
            assertThat(r.getSourceTopic()).isEqualTo(Topics.FRAMES);
        });
        assertThat(correlated.readValuesToList()).allSatisfy(s -> assertThat(s.getOptical()).isEmpty());
    }

    @Test
    void shouldDeadLetterDuplicateFramesAsDuplicatesAndAlignTheFirstCopy() {
        long start = now();
        frame("em-1", 0, start, 200 * MS);
        frame("em-1", 0, start, 200 * MS);
        frame("opt-1", 0, start + 50 * MS, 100 * MS);
        frame("opt-1", 0, start + 50 * MS, 100 * MS);
        frame("opt-1", 1, start + 450 * MS, 100 * MS);
        ecBlock(0, start, start + 600 * MS);
        edges(20);
        List<CorrelatedSample> out = correlated.readValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getOptical()).hasSize(1);
        List<Rejected> dead = deadLetters.readValuesToList();
        assertThat(dead).noneMatch(r -> r.getStage().equals("align"));
        assertThat(dead).filteredOn(r -> r.getStage().equals("duplicate")).hasSize(2)
                .allSatisfy(r -> assertThat(r.getReason()).startsWith("Duplicate: ").contains("sequence 0"))
                .extracting(Rejected::getSourceOffset).as("each copy's own offset").containsExactly(1L, 3L);
    }

    @Test
    void shouldDeadLetterFrameTheDriftStageCannotMeasureAndKeepAligningIt() {
        long start = now();
        frame("em-1", 0, start, 200 * MS); // 2 x 2 pixels: too small for phase correlation
        ecBlock(0, start, start + 600 * MS);
        frame("opt-1", 0, start + 450 * MS, 100 * MS);
        edges(15);
        assertThat(deadLetters.readValuesToList()).anySatisfy(r -> {
            assertThat(r.getStage()).isEqualTo("drift");
            assertThat(r.getReason()).contains("at least 8 x 8");
        });
        assertThat(correlated.readValuesToList()).as("the frame is still aligned").hasSize(1);
    }

    @Test
    void shouldHoldAFrameWhoseRunIsNotKnownYetAndDeadLetterItOnceTheRunStartShowsItIsNotListed() {
        frames.pipeInput("run-2", Frame.newBuilder().setRunId("run-2").setInstrumentId("em-9").setSequence(0)
                .setInstrumentTimeNs(T0).setExposureNs(MS).setWidth(2).setHeight(2).setPixelType(PixelType.U16).setPixelSizeNm(2)
                .setStageXNm(0).setStageYNm(0).setCompression(Compression.NONE)
                .setPixels(FramePixels.packU16(new short[] {1, 2, 3, 4}, Compression.NONE)).build());
        assertThat(deadLetters.isEmpty()).as("run-2's RunStart may still come: the pixel stage holds the frame").isTrue();
        runs.pipeInput("run-2", RunStart.newBuilder().setRunId("run-2").setInstrumentId("timing").setStartMasterTimeNs(T0)
                .setWallClockEpochNs(T0).setSpecimen("test").setOperator("test").setSimulated(true).setTriggerPeriodNs(PERIOD)
                .setInstruments(List.of(info("timing", Modality.TIMING), info("em-1", Modality.EM))).build());
        driver.advanceWallClockTime(java.time.Duration.ofMillis(600)); // past the 0.5 s hold
        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(r -> {
            assertThat(r.getInstrumentId()).isEqualTo("em-9");
            assertThat(r.getReason()).contains("not listed in the RunStart of run run-2");
            assertThat(r.getSourceOffset()).isZero();
        });
    }

    @Test
    void shouldDeadLetterTheDataAndTheDescriptorOfAnInstrumentTheRunStartDoesNotList() {
        long start = now();
        frame("em-2", 0, start, 200 * MS);
        descriptor("em-2", Modality.EM);
        List<Rejected> dead = deadLetters.readValuesToList();
        assertThat(dead).as("the frame, at once, by the pixel stage: the run's instruments are known").anySatisfy(r -> {
            assertThat(r.getStage()).isEqualTo("announce");
            assertThat(r.getReasonCode()).isEqualTo(org.operando.schema.ReasonCode.NOT_ANNOUNCED);
            assertThat(r.getSourceTopic()).isEqualTo(Topics.FRAMES);
            assertThat(r.getSourceOffset()).isZero();
        });
        assertThat(dead).as("the descriptor").anySatisfy(r -> {
            assertThat(r.getStage()).isEqualTo("validate");
            assertThat(r.getReasonCode()).isEqualTo(org.operando.schema.ReasonCode.NOT_ANNOUNCED);
            assertThat(r.getReason()).contains("does not list");
            assertThat(r.getSourceTopic()).isEqualTo(Topics.RUNS);
        });
        assertThat(dead).hasSize(2);
        Map<String, Long> published = new java.util.TreeMap<>(markSeq);
        published.put("em-2", 1L);
        runs.pipeInput("run-1", RunStop.newBuilder().setRunId("run-1").setInstrumentId("timing").setStopMasterTimeNs(now())
                .setWallClockEpochNs(now()).setReason("completed").setRecordsPublished(published).build());
        assertThat(correlated.readValuesToList()).noneMatch(w -> w.getInstrumentId().equals("em-2"));
        frame("em-1", 0, start, 200 * MS);
        assertThat(deadLetters.readValuesToList()).as("the run closed: the dead-lettered frame counted as seen")
                .anySatisfy(r -> assertThat(r.getReasonCode()).isEqualTo(org.operando.schema.ReasonCode.RUN_CLOSED));
    }

    /** One EM window whose EC data comes in two blocks; returns the run's stop record announcing every record piped. */
    private RunStop runWithTwoEcBlocks(long start) {
        frame("em-1", 0, start, 200 * MS);
        ecBlock(0, start - 100 * MS, start + 100 * MS);
        edges(5); // no optical frame and short of the 1 s stall cap: the window waits for the run's end
        Map<String, Long> published = new java.util.TreeMap<>(markSeq);
        published.merge("em-1", 1L, Long::sum);
        published.merge("pstat-1", 2L, Long::sum);
        return RunStop.newBuilder().setRunId("run-1").setInstrumentId("timing").setStopMasterTimeNs(now())
                .setWallClockEpochNs(now()).setReason("completed").setRecordsPublished(published).build();
    }

    @Test
    void shouldCloseTheRunOnlyOnceEveryRecordItsStopAnnouncesHasBeenSeen() {
        long start = now();
        runs.pipeInput("run-1", runWithTwoEcBlocks(start)); // the stop overtakes the EC stream's last block
        assertThat(correlated.readValuesToList()).as("still waiting for one announced EC block").isEmpty();
        ecBlock(1, start + 100 * MS, start + 300 * MS);
        assertThat(correlated.readValuesToList()).singleElement().satisfies(w -> {
            assertThat(w.getEc().getSamples()).as("both blocks' samples in [start, start + 200 ms]").isBetween(200, 201);
            assertThat(w.getRevision()).isZero();
        });
    }

    @Test
    void shouldCountAnAnnouncedRecordDeadLetteredAtDecodeAsSeen() {
        long start = now();
        runs.pipeInput("run-1", runWithTwoEcBlocks(start));
        var raw = driver.createInputTopic(Topics.ELECTROCHEM, new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        org.operando.schemas.RecordHeaders.setInstrument(headers, "pstat-1");
        raw.pipeInput(new org.apache.kafka.streams.test.TestRecord<>("run-1", new byte[] {1, 2, 3}, headers));
        assertThat(deadLetters.readValuesToList()).anySatisfy(r -> assertThat(r.getStage()).isEqualTo("decode"));
        assertThat(correlated.readValuesToList()).as("closed without the undecodable block").singleElement()
                .satisfies(w -> assertThat(w.getEc().getSamples()).isBetween(100, 101));
    }

    @Test
    void shouldCloseTheRunAfterTheStallPeriodWhenAnnouncedRecordsNeverCome() {
        runs.pipeInput("run-1", runWithTwoEcBlocks(now()));
        driver.advanceWallClockTime(java.time.Duration.ofMillis(800));
        mark("timing", now()); // the run's records are still coming in: it is being worked through, not stalled
        driver.advanceWallClockTime(java.time.Duration.ofMillis(800));
        assertThat(correlated.readValuesToList()).as("within the 1 s stall period since its latest record").isEmpty();
        driver.advanceWallClockTime(java.time.Duration.ofMillis(1_500));
        assertThat(correlated.readValuesToList()).as("closed with what came").singleElement()
                .satisfies(w -> assertThat(w.getEc().getSamples()).isBetween(100, 101));
    }
}
