package org.operando.ops.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.Inflater;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.operando.ops.recording.RecordedRecord;
import org.operando.schema.ClockModel;
import org.operando.schema.Compression;
import org.operando.schema.DriftEstimate;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.Registration;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.Technique;
import org.operando.schemas.FramePixels;
import org.operando.schemas.RecordHeaders;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

/**
 * A small hand-made run (a lost and a duplicated EM frame, EC blocks out of order, a skewed clock, drift and one
 * registration) exported without a broker; both outputs read back in Java: Zarr chunk files inflated by hand, the
 * NeXus file with jhdf's reader.
 */
class RunExporterTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final List<Double> AFFINE = List.of(2.0, 0.0, 1.0, 0.0, 2.0, 2.0);

    @TempDir
    Path tmp;

    /** The run's records, as a source. */
    private static final class ListSource implements RunSource {
        final List<RecordedRecord> records = new ArrayList<>();

        void add(String topic, String instrument, SpecificRecord r) {
            records.add(new RecordedRecord(topic, 0, records.size(), 0, "run", SchemaRegistry.get().encode(r),
                    List.of(new RecordedRecord.Header(RecordHeaders.INSTRUMENT, instrument.getBytes(StandardCharsets.UTF_8)))));
        }

        @Override
        public String runId() {
            return "run";
        }

        @Override
        public String describe() {
            return "a list";
        }

        @Override
        public void scan(Collection<String> topics, Consumer<RecordedRecord> sink) {
            records.stream().filter(r -> topics.contains(r.topic())).forEach(sink);
        }

        @Override
        public void close() {
        }
    }

    private static Frame frame(String id, long seq, int side, int offset) {
        short[] px = new short[side * side];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (offset + i + 10 * seq);
        }
        return Frame.newBuilder().setRunId("run").setInstrumentId(id).setSequence(seq).setInstrumentTimeNs(seq * 100_000_000L)
                .setExposureNs(50_000_000L).setWidth(side).setHeight(side).setPixelType(PixelType.U16).setPixelSizeNm(side == 16 ? 2 : 4)
                .setStageXNm(0).setStageYNm(0).setCompression(Compression.NONE).setPixels(FramePixels.packU16(px, Compression.NONE)).build();
    }

    private static ListSource run() {
        ListSource s = new ListSource();
        s.add(Topics.RUNS, "em-1", RunStart.newBuilder().setRunId("run").setInstrumentId("timing").setStartMasterTimeNs(T0)
                .setWallClockEpochNs(T0).setSpecimen("test specimen").setOperator("tester").setSimulated(true)
                .setInstruments(List.of(new InstrumentInfo("em-1", Modality.EM, "em", 2.0, 1e5, List.of()),
                        new InstrumentInfo("opt-1", Modality.OPTICAL, "opt", 4.0, 100.0, List.of()),
                        new InstrumentInfo("pstat-1", Modality.ELECTROCHEM, "pstat", null, null, List.of()))).build());
        s.add(Topics.RUNS, "em-1", descriptor("em-1", Modality.EM, 10.0));
        s.add(Topics.RUNS, "opt-1", descriptor("opt-1", Modality.OPTICAL, 10.0));
        // em-1's clock: master = T0 + 1 ms + (1 + 1e-4) t; opt-1's: T0 + t; pstat-1 has none (its times are taken as they are)
        s.add(Topics.CLOCK_MODELS, "em-1", clock("em-1", T0 + 1_000_000, 1e-4));
        s.add(Topics.CLOCK_MODELS, "opt-1", clock("opt-1", T0, 0));
        for (long seq = 0; seq < 4; seq++) {
            s.add(Topics.DRIFT, "em-1", DriftEstimate.newBuilder().setRunId("run").setInstrumentId("em-1").setSequence(seq)
                    .setMasterTimeNs(T0 + seq * 100_000_000L).setDxPx(0.5 * seq).setDyPx(-0.25 * seq).setDxNm(seq).setDyNm(-0.5 * seq)
                    .setRawDxPx(0.5 * seq).setRawDyPx(-0.25 * seq).setConfidence(10).setJump(false).setLowConfidence(false)
                    .setReferenceSequence(-1).build());
        }
        s.add(Topics.REGISTRATIONS, "em-1", Registration.newBuilder().setRunId("run").setInstrumentId("em-1").setOpticalInstrumentId("opt-1")
                .setEmSequence(1).setOpticalSequence(1).setMasterTimeNs(T0).setAffine(AFFINE).setFreNm(3).setPredictedTreNm(2)
                .setFiducialsEm(20).setFiducialsOptical(20).setInliers(18).build());
        for (long seq : new long[] {0, 1, 3, 3}) { // 2 is lost, 3 comes twice
            s.add(Topics.FRAMES, "em-1", frame("em-1", seq, 16, 100));
            s.add(Topics.FRAMES, "opt-1", frame("opt-1", seq, 8, 1000));
        }
        s.add(Topics.FRAMES, "opt-1", frame("opt-1", 4, 8, 1000));
        for (long seq : new long[] {1, 0, 2, 1}) {
            s.add(Topics.ELECTROCHEM, "pstat-1", ElectrochemBlock.newBuilder().setRunId("run").setInstrumentId("pstat-1").setSequence(seq)
                    .setFirstSampleInstrumentTimeNs(T0 + seq * 3_000_000L).setSamplePeriodNs(1_000_000L).setTechnique(Technique.CV)
                    .setScanRateVPerS(0.05).setCycle(0).setPotentialV(List.of(seq + 0.1, seq + 0.2, seq + 0.3))
                    .setCurrentA(List.of(-seq * 1e-6, -seq * 2e-6, -seq * 3e-6)).build());
        }
        s.add(Topics.RUNS, "em-1", RunStop.newBuilder().setRunId("run").setInstrumentId("timing").setStopMasterTimeNs(T0 + 1_000_000_000L)
                .setWallClockEpochNs(T0 + 1_000_000_000L).setReason("completed").setRecordsPublished(Map.of("em-1", 4L, "pstat-1", 3L)).build());
        return s;
    }

    private static ClockModel clock(String id, long masterAtZero, double skew) {
        return ClockModel.newBuilder().setRunId("run").setInstrumentId(id).setReferenceInstrumentTimeNs(0).setReferenceMasterTimeNs(masterAtZero)
                .setReferenceMasterFractionNs(0).setSkew(skew).setResidualSigmaNs(1).setOffsetSigmaNs(1).setSkewSigma(1e-9).setMarksUsed(10)
                .setMarksRejected(0).setValidFromInstrumentTimeNs(0).setValidToInstrumentTimeNs(1).build();
    }

    private static StreamDescriptor descriptor(String id, Modality modality, double fps) {
        return StreamDescriptor.newBuilder().setRunId("run").setInstrumentId(id).setModality(modality).setClockDomain(id)
                .setPixelType(PixelType.U16).setFramesPerS(fps).build();
    }

    private RunExporter.Result export(ExportFormat format) {
        RunExporter exporter = new RunExporter(new PrintStream(new ByteArrayOutputStream(), true), System::nanoTime,
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
        return exporter.export(run(), new RunExporter.Options(format, tmp.resolve("out"), Duration.ofSeconds(60), 1, 4, 2));
    }

    private static short[] inflateU16(Path chunk, int n) throws Exception {
        Inflater inflater = new Inflater();
        inflater.setInput(Files.readAllBytes(chunk));
        byte[] raw = new byte[2 * n];
        assertThat(inflater.inflate(raw)).isEqualTo(raw.length);
        short[] out = new short[n];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }

    private static float[] expectedRegistered(long emSeq, long optSeq) {
        float[] out = new float[256];
        new OpticalResampler(AFFINE).resample(FramePixels.toFloats(frame("opt-1", optSeq, 8, 1000)), 8, 8, 0, 0, 16, 16, 0.5 * emSeq,
                -0.25 * emSeq, 0f, out);
        return out;
    }

    @Test
    void shouldWriteZarrPlanesByFrameSequenceWithTheRegisteredChannelAndEcInOrder() throws Exception {
        Path root = export(ExportFormat.OME_ZARR).output();
        ObjectMapper json = new ObjectMapper();
        JsonNode zarray = json.readTree(root.resolve("em-1/0/.zarray").toFile());
        assertThat(zarray.get("shape").toString()).isEqualTo("[4,2,16,16]");
        assertThat(zarray.get("chunks").toString()).isEqualTo("[1,1,16,16]");
        assertThat(zarray.get("compressor").get("id").asText()).isEqualTo("zlib");
        assertThat(root.resolve("em-1/0/2/0/0/0")).as("lost frame: no chunk, read as fill 0").doesNotExist();
        short[] plane0 = inflateU16(root.resolve("em-1/0/0/0/0/0"), 256);
        assertThat(plane0[5]).isEqualTo((short) 105);
        short[] registered = inflateU16(root.resolve("em-1/0/1/1/0/0"), 256);
        float[] want = expectedRegistered(1, 1);
        for (int i = 0; i < 256; i++) {
            assertThat(registered[i] & 0xFFFF).as("pixel %d", i).isEqualTo(Math.round(want[i]));
        }
        JsonNode ms = json.readTree(root.resolve("em-1/.zattrs").toFile()).get("multiscales").get(0);
        JsonNode scale = ms.get("datasets").get(0).get("coordinateTransformations").get(0).get("scale");
        assertThat(scale.get(0).asDouble()).as("frame interval 0.1 s stretched by the clock's skew").isCloseTo(0.10001, within(1e-12));
        assertThat(scale.get(2).asDouble()).isEqualTo(2.0);
        assertThat(scale.get(3).asDouble()).isEqualTo(2.0);
        JsonNode run = json.readTree(root.resolve(".zattrs").toFile()).get("operando");
        assertThat(run.get("completeness").get("complete").asBoolean()).isTrue();
        assertThat(run.get("images").get("em-1").get("stack").asText()).isEqualTo("raw");
        assertThat(json.readTree(root.resolve("electrochem/pstat-1/potential_V/.zarray").toFile()).get("shape").toString()).isEqualTo("[9]");
        assertThat(json.readTree(root.resolve("tables/drift/em-1/dx_px/.zattrs").toFile()).get("units").asText()).isEqualTo("pixel");
    }

    @Test
    void shouldWriteNexusThatJhdfReadsBack() {
        Path file = export(ExportFormat.NEXUS).output();
        try (HdfFile h5 = new HdfFile(file)) {
            assertThat(h5.getAttribute("NX_class").getData()).isEqualTo("NXroot");
            var data = h5.getDatasetByPath("run/em_1/data");
            assertThat(data.getDimensions()).containsExactly(4, 16, 16);
            assertThat(h5.getDatasetByPath("run/em_1/registered_opt_1").getDimensions()).containsExactly(4, 16, 16);
            double[] potential = (double[]) h5.getDatasetByPath("run/pstat_1/potential").getData();
            assertThat(potential).as("blocks in sequence order, duplicate dropped").containsExactly(0.1, 0.2, 0.3, 1.1, 1.2, 1.3, 2.1, 2.2, 2.3);
            double[] time = (double[]) h5.getDatasetByPath("run/pstat_1/time").getData();
            assertThat(time[3]).as("pstat-1 has no clock model: its own time, from the run start").isEqualTo(0.003);
            assertThat((double[]) h5.getDatasetByPath("run/drift/em_1/dx_px").getData()).containsExactly(0, 0.5, 1, 1.5);
            assertThat((double[][][]) h5.getDatasetByPath("run/registrations/em_1__opt_1/affine").getData())
                    .isDeepEqualTo(new double[][][] {{{2, 0, 1}, {0, 2, 2}}});
            double[] emTime = (double[]) h5.getDatasetByPath("run/em_1/time").getData();
            assertThat(emTime[1]).as("em-1's clock: 1 ms + (1 + 1e-4) * 0.1 s").isCloseTo(0.001 + 0.10001, within(1e-12));
            assertThat(h5.getByPath("run/clocks/em_1").getAttribute("NX_class").getData()).isEqualTo("NXlog");
        }
        assertThat(tmp.resolve("out").toFile().list()).as("spools removed").containsExactly("run.nxs");
    }

    @Test
    void shouldRefuseAnExistingOutputBeforeReadingAnything() throws Exception {
        Files.createDirectories(tmp.resolve("out/run.ome.zarr"));
        assertThatThrownBy(() -> export(ExportFormat.OME_ZARR)).hasMessageContaining("already exists");
    }
}
