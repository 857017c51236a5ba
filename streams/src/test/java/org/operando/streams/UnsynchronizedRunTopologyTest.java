package org.operando.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.operando.schema.ClockModel;
import org.operando.schema.Compression;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.DriftEstimate;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.Technique;
import org.operando.schemas.AnyRecordSerde;
import org.operando.schemas.AvroSerde;
import org.operando.schemas.DeadLetterHandler;
import org.operando.schemas.FramePixels;
import org.operando.schemas.Topics;
import org.operando.streams.sync.DeclaredClocks;

/**
 * A run without a timing generator (RunStart timing=unsynchronized, declared offsets, no trigger marks): every frame
 * is placed at instrument time + offset and measured, the clock models say they are declared, the run closes.
 */
class UnsynchronizedRunTopologyTest {
    private static final long MS = 1_000_000L;
    private static final int SIZE = 64;

    @Test
    void shouldMeasureEveryFrameOnTheDeclaredClocksWithoutTriggerMarks() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "operando-unsync-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        OperandoStreamsConfig config = new OperandoStreamsConfig(Map.of());
        try (TopologyTestDriver driver = new TopologyTestDriver(OperandoTopology.buildTopology(config), props)) {
            TestInputTopic<String, SpecificRecord> runs = driver.createInputTopic(Topics.RUNS, new StringSerializer(), new AnyRecordSerde().serializer());
            TestInputTopic<String, Frame> frames = driver.createInputTopic(Topics.FRAMES, new StringSerializer(), AvroSerde.of(Frame.class));
            TestInputTopic<String, ElectrochemBlock> ec = driver.createInputTopic(Topics.ELECTROCHEM, new StringSerializer(),
                    AvroSerde.of(ElectrochemBlock.class));
            List<InstrumentInfo> instruments = List.of(info("em-1", Modality.EM), info("pstat-1", Modality.ELECTROCHEM));
            runs.pipeInput("r", RunStart.newBuilder().setRunId("r").setInstrumentId("ingest").setStartMasterTimeNs(0).setWallClockEpochNs(0)
                    .setSpecimen("s").setOperator("o").setSimulated(false).setInstruments(instruments).setTriggerPeriodNs(null)
                    .setParameters(Map.of(DeclaredClocks.TIMING_PARAMETER, DeclaredClocks.UNSYNCHRONIZED, "clockOffsetNs.em-1", "5000000",
                            "clockOffsetNs.pstat-1", "0")).build());
            for (InstrumentInfo i : instruments) {
                boolean imaging = i.getModality() == Modality.EM;
                runs.pipeInput("r", StreamDescriptor.newBuilder().setRunId("r").setInstrumentId(i.getInstrumentId()).setModality(i.getModality())
                        .setClockDomain(i.getInstrumentId()).setPixelType(imaging ? PixelType.U16 : null).setWidth(imaging ? SIZE : null)
                        .setHeight(imaging ? SIZE : null).setPixelSizeNm(imaging ? 1.0 : null).build());
            }
            short[] texture = texture();
            int n = 12;
            for (int k = 0; k < n; k++) {
                frames.pipeInput("r", Frame.newBuilder().setRunId("r").setInstrumentId("em-1").setSequence(k).setInstrumentTimeNs(k * 500 * MS)
                        .setExposureNs(400 * MS).setWidth(SIZE).setHeight(SIZE).setPixelType(PixelType.U16).setPixelSizeNm(1).setStageXNm(0)
                        .setStageYNm(0).setCompression(Compression.NONE).setPixels(FramePixels.packU16(shift(texture, k % 3), Compression.NONE)).build());
            }
            int samples = 6000;
            ec.pipeInput("r", ElectrochemBlock.newBuilder().setRunId("r").setInstrumentId("pstat-1").setSequence(0).setFirstSampleInstrumentTimeNs(0)
                    .setSamplePeriodNs(MS).setTechnique(Technique.CA).setPotentialV(Collections.nCopies(samples, 0.1))
                    .setCurrentA(Collections.nCopies(samples, 1e-3)).build());
            runs.pipeInput("r", RunStop.newBuilder().setRunId("r").setInstrumentId("ingest").setStopMasterTimeNs(6000 * MS).setWallClockEpochNs(0)
                    .setReason("completed").setRecordsPublished(Map.of("em-1", (long) n, "pstat-1", 1L)).build());

            List<ClockModel> models = driver.createOutputTopic(Topics.CLOCK_MODELS, new StringDeserializer(), AvroSerde.of(ClockModel.class))
                    .readValuesToList();
            assertThat(models).extracting(ClockModel::getInstrumentId).containsExactly("em-1", "pstat-1");
            assertThat(models).allSatisfy(m -> {
                assertThat(m.getUnsynchronized()).isTrue();
                assertThat(m.getMarksUsed()).isZero();
                assertThat(m.getSkew()).isZero();
            });
            assertThat(models.get(0).getReferenceMasterTimeNs() - models.get(0).getReferenceInstrumentTimeNs()).isEqualTo(5 * MS);
            List<DriftEstimate> drift = driver.createOutputTopic(Topics.DRIFT, new StringDeserializer(), AvroSerde.of(DriftEstimate.class))
                    .readValuesToList();
            assertThat(drift).extracting(DriftEstimate::getSequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
            assertThat(drift.get(3).getMasterTimeNs()).as("instrument mid-exposure + declared offset").isEqualTo(1500 * MS + 200 * MS + 5 * MS);
            assertThat(driver.createOutputTopic(Topics.DEAD_LETTERS, new StringDeserializer(), AvroSerde.of(Rejected.class)).readValuesToList())
                    .isEmpty();
            List<CorrelatedSample> windows = driver.createOutputTopic(Topics.CORRELATED, new StringDeserializer(), AvroSerde.of(CorrelatedSample.class))
                    .readValuesToList();
            assertThat(windows).extracting(CorrelatedSample::getEmSequence).contains(0L, 11L);
            assertThat(windows.get(0).getEc().getSamples()).isBetween(400, 401);
        }
    }

    private static InstrumentInfo info(String id, Modality m) {
        return InstrumentInfo.newBuilder().setInstrumentId(id).setModality(m).setClockDomain(id).build();
    }

    private static short[] texture() {
        Random random = new Random(3);
        short[] t = new short[SIZE * SIZE];
        for (int i = 0; i < t.length; i++) {
            t[i] = (short) (1000 + random.nextInt(3000));
        }
        return t;
    }

    /** The texture moved right by {@code dx} whole pixels (periodic). */
    private static short[] shift(short[] t, int dx) {
        short[] out = new short[t.length];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                out[y * SIZE + (x + dx) % SIZE] = t[y * SIZE + x];
            }
        }
        return out;
    }
}
