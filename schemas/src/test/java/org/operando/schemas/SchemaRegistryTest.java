package org.operando.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.ReasonCode;
import org.operando.schema.Technique;
import org.operando.schema.TriggerMark;

class SchemaRegistryTest {
    private final SchemaRegistry registry = SchemaRegistry.get();

    @Test
    void shouldRoundTripEveryRecordTypeThroughItsSerde() {
        List<SpecificRecord> samples = SampleRecords.all();
        Set<Class<?>> covered = samples.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(SchemaRegistry.RECORD_TYPES);
        for (SpecificRecord sample : samples) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            AvroSerde<SpecificRecord> serde = (AvroSerde) AvroSerde.of(sample.getClass());
            byte[] bytes = serde.serialize("t", sample);
            assertThat(bytes[0] & 0xFF).isEqualTo(0xC3);
            assertThat(bytes[1] & 0xFF).isEqualTo(0x01);
            assertThat(serde.deserialize("t", bytes)).as(sample.getClass().getSimpleName()).isEqualTo(sample);
            assertThat(registry.decodeAny(bytes)).isEqualTo(sample);
        }
    }

    @Test
    void shouldGiveEveryRecordTypeADistinctFingerprint() {
        Set<String> headers = new HashSet<>();
        for (SpecificRecord sample : SampleRecords.all()) {
            headers.add(Arrays.toString(Arrays.copyOf(registry.encode(sample), 10)));
        }
        assertThat(headers).hasSize(SchemaRegistry.RECORD_TYPES.size());
    }

    @Test
    void shouldRejectBytesWithoutSingleObjectMarker() {
        byte[] json = "{\"runId\": \"x\"}".getBytes();
        assertThatThrownBy(() -> AvroSerde.of(Frame.class).deserialize("t", json))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("Not Avro single-object encoding");
    }

    @Test
    void shouldRejectUnknownFingerprint() {
        byte[] bytes = registry.encode(SampleRecords.frame());
        bytes[5] ^= 0x5A;
        assertThatThrownBy(() -> AvroSerde.of(Frame.class).deserialize("t", bytes))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("Unknown schema fingerprint");
    }

    @Test
    void shouldRejectTruncatedBody() {
        byte[] bytes = registry.encode(SampleRecords.frame());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 20);
        assertThatThrownBy(() -> AvroSerde.of(Frame.class).deserialize("t", truncated))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("Corrupt Frame body");
    }

    @Test
    void shouldRejectRecordOfAnotherTypeOnTypedSerde() {
        byte[] mark = registry.encode(TriggerMark.newBuilder().setRunId("r").setInstrumentId("i").setTriggerLine("ttl0")
                .setSequence(0).setInstrumentTimeNs(1).build());
        assertThatThrownBy(() -> AvroSerde.of(Frame.class).deserialize("t", mark))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("Expected a Frame record")
                .hasMessageContaining("TriggerMark");
    }

    @Test
    void shouldUnpackPixelsIdenticallyWithAndWithoutDeflate() {
        short[] pixels = new short[64 * 64];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) random.nextInt(65536);
        }
        Frame raw = Frame.newBuilder(SampleRecords.frame()).setWidth(64).setHeight(64)
                .setPixels(FramePixels.packU16(pixels, org.operando.schema.Compression.NONE)).build();
        Frame deflated = Frame.newBuilder(raw).setCompression(org.operando.schema.Compression.DEFLATE)
                .setPixels(FramePixels.packU16(pixels, org.operando.schema.Compression.DEFLATE)).build();
        float[] a = FramePixels.toFloats(raw);
        assertThat(a[100]).isEqualTo(pixels[100] & 0xFFFF);
        assertThat(FramePixels.toFloats(deflated)).containsExactly(a);
    }
    @Test
    void shouldRejectValidBodyFollowedByTrailingBytes() {
        byte[] bytes = registry.encode(SampleRecords.frame());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 5);
        assertThatThrownBy(() -> AvroSerde.of(Frame.class).deserialize("t", longer))
                .isInstanceOfSatisfying(RecordDecodeException.class, e -> assertThat(e.code()).isEqualTo(ReasonCode.TRAILING_BYTES))
                .hasMessageContaining("followed by 5 trailing bytes");
        assertThatThrownBy(() -> registry.decodeAny(longer)).isInstanceOf(RecordDecodeException.class);
    }

    @Test
    void shouldGiveEachDecodeFaultItsCode() {
        assertThat(codeOf(() -> AvroSerde.of(Frame.class).deserialize("t", new byte[] {1, 2, 3}))).isEqualTo(ReasonCode.NOT_AVRO);
        byte[] unknown = registry.encode(SampleRecords.frame());
        unknown[5] ^= 0x5A;
        assertThat(codeOf(() -> AvroSerde.of(Frame.class).deserialize("t", unknown))).isEqualTo(ReasonCode.UNKNOWN_SCHEMA);
        byte[] frame = registry.encode(SampleRecords.frame());
        assertThat(codeOf(() -> AvroSerde.of(TriggerMark.class).deserialize("t", frame))).isEqualTo(ReasonCode.WRONG_TYPE);
        assertThat(codeOf(() -> AvroSerde.of(Frame.class).deserialize("t", Arrays.copyOf(frame, frame.length - 20))))
                .isEqualTo(ReasonCode.CORRUPT_BODY);
    }

    /**
     * A corrupt item count (here two billion potentials in an 80-byte record) must fail as a decode error: without
     * Avro's collection limit the reader would try to allocate an array of two billion references, and the
     * OutOfMemoryError would stop the stream thread.
     */
    @Test
    void shouldRejectCorruptCollectionCountWithoutAllocatingIt() throws Exception {
        ElectrochemBlock block = ElectrochemBlock.newBuilder().setRunId("r").setInstrumentId("p").setSequence(0)
                .setFirstSampleInstrumentTimeNs(0).setSamplePeriodNs(100).setTechnique(Technique.CA)
                .setPotentialV(List.of()).setCurrentA(List.of()).build();
        byte[] header = Arrays.copyOf(registry.encode(block), 10);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(header);
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
        enc.writeString("r");
        enc.writeString("p");
        enc.writeLong(0);
        enc.writeLong(0);
        enc.writeLong(100);
        enc.writeEnum(Technique.CA.ordinal());
        enc.writeIndex(0); // scanRate null
        enc.writeIndex(0); // cycle null
        enc.writeArrayStart();
        enc.setItemCount(2_000_000_000L);
        enc.flush();
        byte[] bytes = out.toByteArray();
        assertThatThrownBy(() -> AvroSerde.of(ElectrochemBlock.class).deserialize("t", bytes))
                .isInstanceOfSatisfying(RecordDecodeException.class, e -> assertThat(e.code()).isEqualTo(ReasonCode.CORRUPT_BODY))
                .hasMessageContaining("Corrupt ElectrochemBlock body");
    }

    private static ReasonCode codeOf(Runnable decode) {
        try {
            decode.run();
        } catch (RecordDecodeException e) {
            return e.code();
        }
        throw new AssertionError("expected a RecordDecodeException");
    }
}
