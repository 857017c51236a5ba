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
import org.operando.schema.Frame;
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
}
