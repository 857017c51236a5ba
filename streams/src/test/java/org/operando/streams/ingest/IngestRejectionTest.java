package org.operando.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.operando.schema.Compression;
import org.operando.schema.Frame;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.ReasonCode;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schemas.AvroSerde;
import org.operando.schemas.DeadLetterHandler;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

/** Every way a record can be unfit at ingest gives a dead letter with its own code, topic, partition and offset; none is dropped. */
class IngestRejectionTest {
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> frames;
    private TestInputTopic<String, byte[]> runs;
    private TestOutputTopic<String, Rejected> deadLetters;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-rejection-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        driver = new TopologyTestDriver(IngestTopology.buildTopology(), props);
        frames = driver.createInputTopic(Topics.FRAMES, new StringSerializer(), new ByteArraySerializer());
        runs = driver.createInputTopic(Topics.RUNS, new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, new StringDeserializer(), AvroSerde.of(Rejected.class));
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static byte[] frame() {
        return SchemaRegistry.get().encode(IngestTopologyTest.frame("em-1", 0, 8));
    }

    private static RunStart runStart(String runId, long periodNs) {
        InstrumentInfo em = InstrumentInfo.newBuilder().setInstrumentId("em-1").setModality(Modality.EM).setClockDomain("em-1").build();
        return RunStart.newBuilder().setRunId(runId).setInstrumentId("timing").setStartMasterTimeNs(1L).setWallClockEpochNs(1L)
                .setSpecimen("s").setOperator("o").setSimulated(true).setInstruments(List.of(em)).setTriggerPeriodNs(periodNs).build();
    }

    /** Sends the value after one valid frame (offset 0), so the rejected record is at offset 1; returns its dead letter. */
    private Rejected rejectedFrame(String key, byte[] value) {
        frames.pipeInput("run-1", frame());
        RecordHeaders headers = new RecordHeaders();
        org.operando.schemas.RecordHeaders.setInstrument(headers, "em-1");
        frames.pipeInput(new TestRecord<>(key, value, headers));
        List<Rejected> dead = deadLetters.readValuesToList();
        assertThat(dead).hasSize(1);
        Rejected r = dead.get(0);
        assertThat(r.getSourceTopic()).isEqualTo(Topics.FRAMES);
        assertThat(r.getSourcePartition()).isZero();
        assertThat(r.getSourceOffset()).isEqualTo(1L);
        assertThat(r.getInstrumentId()).isEqualTo("em-1");
        return r;
    }

    @Test
    void shouldDeadLetterTombstoneInsteadOfDroppingIt() {
        Rejected r = rejectedFrame("run-1", null);
        assertThat(r.getReasonCode()).isEqualTo(ReasonCode.TOMBSTONE);
        assertThat(r.getStage()).isEqualTo("validate");
        assertThat(r.getRunId()).isEqualTo("run-1");
    }

    @Test
    void shouldDeadLetterRecordWithoutKey() {
        Rejected r = rejectedFrame(null, frame());
        assertThat(r.getReasonCode()).isEqualTo(ReasonCode.NULL_KEY);
        assertThat(r.getRunId()).as("from the body").isEqualTo("run-1");
        assertThat(r.getKey()).isNull();
    }

    @Test
    void shouldDeadLetterRecordWhoseKeyIsNotItsRunId() {
        Rejected r = rejectedFrame("run-2", frame());
        assertThat(r.getReasonCode()).isEqualTo(ReasonCode.KEY_MISMATCH);
        assertThat(r.getReason()).contains("'run-2'").contains("'run-1'");
        assertThat(new String(r.getKey().array(), java.nio.charset.StandardCharsets.UTF_8)).as("the record's own key").isEqualTo("run-2");
    }

    @Test
    void shouldDeadLetterValidBodyFollowedByTrailingBytes() {
        byte[] f = frame();
        Rejected r = rejectedFrame("run-1", Arrays.copyOf(f, f.length + 4));
        assertThat(r.getReasonCode()).isEqualTo(ReasonCode.TRAILING_BYTES);
        assertThat(r.getStage()).isEqualTo("decode");
        assertThat(r.getValue().remaining()).isEqualTo(f.length + 4);
    }

    @Test
    void shouldDeadLetterInvalidDeflatePayloadAtIngest() {
        Frame bad = Frame.newBuilder(IngestTopologyTest.frame("em-1", 1, 8)).setCompression(Compression.DEFLATE)
                .setPixels(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})).build();
        Rejected r = rejectedFrame("run-1", SchemaRegistry.get().encode(bad));
        assertThat(r.getReasonCode()).isEqualTo(ReasonCode.BAD_COMPRESSION);
        assertThat(r.getReason()).contains("not valid deflate data");
    }

    @Test
    void shouldDeadLetterRecordOfAnotherTypeOnFramesTopic() {
        Rejected r = rejectedFrame("run-1", SchemaRegistry.get().encode(runStart("run-1", 100)));
        assertThat(r.getReasonCode()).isEqualTo(ReasonCode.WRONG_TYPE);
    }

    @Test
    void shouldPassValidRunRecordsAndDeadLetterInvalidOnes() {
        runs.pipeInput("run-1", SchemaRegistry.get().encode(runStart("run-1", 100_000_000L)));
        runs.pipeInput("run-1", SchemaRegistry.get().encode(runStart("run-1", 0)));
        runs.pipeInput("", SchemaRegistry.get().encode(runStart("", 100_000_000L)));
        runs.pipeInput("run-1", frame());
        runs.pipeInput("run-1", (byte[]) null);
        List<Rejected> dead = deadLetters.readValuesToList();
        assertThat(dead).extracting(Rejected::getReasonCode).containsExactly(ReasonCode.OUT_OF_RANGE, ReasonCode.MISSING_ID,
                ReasonCode.WRONG_TYPE, ReasonCode.TOMBSTONE);
        assertThat(dead).extracting(Rejected::getSourceOffset).containsExactly(1L, 2L, 3L, 4L);
        assertThat(dead).allSatisfy(r -> assertThat(r.getSourceTopic()).isEqualTo(Topics.RUNS));
        assertThat(dead.get(0).getReason()).contains("trigger period");
        // runs-topic dead letters are not acquisition records: they do not enter the per-instrument ingest accounting
        assertThat(driver.<String, Long>getKeyValueStore(IngestTopology.DEAD_LETTER_STORE).get("timing")).isNull();
    }

    @Test
    void shouldCountEveryDeadLetterByStageAndReasonCode() {
        frames.pipeInput("run-1", new byte[] {1, 2, 3});
        frames.pipeInput("run-1", (byte[]) null);
        frames.pipeInput((String) null, frame());
        frames.pipeInput("run-1", new byte[] {9});
        var reasons = driver.<String, Long>getKeyValueStore(IngestTopology.DEAD_LETTER_REASON_STORE);
        assertThat(reasons.get("decode|NOT_AVRO")).isEqualTo(2L);
        assertThat(reasons.get("validate|TOMBSTONE")).isEqualTo(1L);
        assertThat(reasons.get("validate|NULL_KEY")).isEqualTo(1L);
    }
}
