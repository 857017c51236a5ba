package org.operando.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.operando.schema.Compression;
import org.operando.schema.Frame;
import org.operando.schema.PixelType;
import org.operando.schema.Rejected;
import org.operando.schemas.AvroSerde;
import org.operando.schemas.DeadLetterHandler;
import org.operando.schemas.FramePixels;
import org.operando.schemas.Topics;

class IngestTopologyTest {
    private TopologyTestDriver driver;
    private TestInputTopic<String, Frame> frames;
    private TestInputTopic<String, byte[]> rawFrames;
    private TestOutputTopic<String, Rejected> deadLetters;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        driver = new TopologyTestDriver(IngestTopology.buildTopology(), props);
        frames = driver.createInputTopic(Topics.FRAMES, new StringSerializer(), AvroSerde.of(Frame.class));
        rawFrames = driver.createInputTopic(Topics.FRAMES, new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, new StringDeserializer(), AvroSerde.of(Rejected.class));
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    static Frame frame(String instrument, long sequence, int payloadBytes) {
        return Frame.newBuilder().setRunId("run-1").setInstrumentId(instrument).setSequence(sequence)
                .setInstrumentTimeNs(1_000L * sequence).setExposureNs(1_000L).setWidth(2).setHeight(2)
                .setPixelType(PixelType.U16).setPixelSizeNm(2.0).setStageXNm(0).setStageYNm(0).setCompression(Compression.NONE)
                .setPixels(payloadBytes == 8 ? FramePixels.packU16(new short[] {1, 2, 3, 4}, Compression.NONE) : ByteBuffer.wrap(new byte[payloadBytes]))
                .build();
    }

    @Test
    void shouldCountValidFramesPerInstrument() {
        Instant t = Instant.ofEpochMilli(1_000);
        frames.pipeInput("run-1", frame("em-1", 0, 8), t);
        frames.pipeInput("run-1", frame("em-1", 1, 8), t.plusMillis(10));
        frames.pipeInput("run-1", frame("opt-1", 0, 8), t.plusMillis(20));
        KeyValueStore<String, Long> processed = driver.getKeyValueStore(IngestTopology.PROCESSED_STORE);
        assertThat(processed.get("em-1")).isEqualTo(2L);
        assertThat(processed.get("opt-1")).isEqualTo(1L);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterFrameWhenPayloadShorterThanDimensionsWithSourceOffset() {
        frames.pipeInput("run-1", frame("em-1", 0, 8));
        frames.pipeInput("run-1", frame("em-1", 1, 3));
        List<Rejected> rejected = deadLetters.readValuesToList();
        assertThat(rejected).hasSize(1);
        Rejected r = rejected.get(0);
        assertThat(r.getStage()).isEqualTo("validate");
        assertThat(r.getReason()).contains("3 bytes").contains("expected 8");
        assertThat(r.getInstrumentId()).isEqualTo("em-1");
        assertThat(r.getSourceTopic()).isEqualTo(Topics.FRAMES);
        assertThat(r.getSourceOffset()).isEqualTo(1L);
        assertThat(r.getValue()).isNotNull();
        assertThat(driver.<String, Long>getKeyValueStore(IngestTopology.PROCESSED_STORE).get("em-1")).isEqualTo(1L);
    }

    @Test
    void shouldDeadLetterUndecodableBytesWithInstrumentFromHeader() {
        RecordHeaders headers = new RecordHeaders();
        org.operando.schemas.RecordHeaders.setInstrument(headers, "opt-1");
        byte[] garbage = {(byte) 0xC3, 0x01, 1, 2, 3};
        rawFrames.pipeInput(new org.apache.kafka.streams.test.TestRecord<>("run-1", garbage, headers, Instant.ofEpochMilli(5)));
        List<Rejected> rejected = deadLetters.readValuesToList();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).getStage()).isEqualTo("decode");
        assertThat(rejected.get(0).getReason()).contains("Not Avro single-object encoding");
        assertThat(rejected.get(0).getInstrumentId()).isEqualTo("opt-1");
        assertThat(rejected.get(0).getValue().remaining()).isEqualTo(5);
    }

    @Test
    void shouldCountDeadLettersPerInstrument() {
        frames.pipeInput("run-1", frame("em-1", 0, 3));
        frames.pipeInput("run-1", frame("opt-1", 0, 3));
        frames.pipeInput("run-1", frame("em-1", 1, 5));
        // the driver feeds records written to the dead-letter topic back into the topology, as the broker would
        assertThat(driver.<String, Long>getKeyValueStore(IngestTopology.DEAD_LETTER_STORE).get("em-1")).isEqualTo(2L);
        assertThat(driver.<String, Long>getKeyValueStore(IngestTopology.DEAD_LETTER_STORE).get("opt-1")).isEqualTo(1L);
    }
}
