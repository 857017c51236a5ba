package org.operando.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.operando.schema.Frame;
import org.operando.schema.ReasonCode;
import org.operando.schema.Rejected;

class DeadLettersTest {
    @Test
    void shouldKeepOriginalBytesAndCode() {
        Rejected r = DeadLetters.rejected("validate", ReasonCode.BLANK_FRAME, "blank", "run-1", "em-1", Topics.FRAMES, 1, 42L,
                new byte[] {1}, new byte[] {2, 3});
        assertThat(r.getReasonCode()).isEqualTo(ReasonCode.BLANK_FRAME);
        assertThat(r.getValue().remaining()).isEqualTo(2);
        assertThat(r.getSourceOffset()).isEqualTo(42L);
    }

    @Test
    void shouldDropValueThatWouldMakeTheDeadLetterTooLargeToPublish() {
        byte[] huge = new byte[DeadLetters.MAX_KEPT_BYTES + 1];
        Rejected r = DeadLetters.rejected("decode", ReasonCode.CORRUPT_BODY, "corrupt", "run-1", "em-1", Topics.FRAMES, 0, 7L, null, huge);
        assertThat(r.getValue()).isNull();
        assertThat(r.getReason()).startsWith("corrupt").contains("not kept").contains(Integer.toString(huge.length));
        assertThat(SchemaRegistry.get().encodeForTopic(r).length).isLessThan(Topics.MAX_RECORD_BYTES);
    }

    @Test
    void shouldCutVeryLongReasons() {
        Rejected r = DeadLetters.rejected("x", ReasonCode.STAGE_FAILURE, "y".repeat(100_000), null, null, null, -1, -1L, null, null);
        assertThat(r.getReason()).hasSizeLessThan(DeadLetters.MAX_REASON_CHARS + 40).endsWith("(100000 characters)");
        assertThat(r.getSourceTopic()).isEqualTo("unknown");
    }

    @Test
    void shouldInferCodeFromStagesThatRejectForOneReason() {
        assertThat(DeadLetters.rejected("align", "late", "r", "i", "t", 0, 0, null, null).getReasonCode()).isEqualTo(ReasonCode.LATE);
        assertThat(DeadLetters.rejected("drift", "x", "r", "i", "t", 0, 0, null, null).getReasonCode()).isEqualTo(ReasonCode.STAGE_FAILURE);
        assertThat(DeadLetters.rejected("sync", "x", "r", "i", "t", 0, 0, null, null).getReasonCode()).isEqualTo(ReasonCode.UNSPECIFIED);
    }

    @Test
    void shouldRefuseToSerializeRecordLargerThanATopicAccepts() {
        Frame big = Frame.newBuilder(SampleRecords.frame()).setPixels(ByteBuffer.wrap(new byte[Topics.MAX_RECORD_BYTES])).build();
        assertThatThrownBy(() -> AvroSerde.of(Frame.class).serialize(Topics.FRAMES, big))
                .isInstanceOfSatisfying(RecordDecodeException.class, e -> assertThat(e.code()).isEqualTo(ReasonCode.RECORD_TOO_LARGE))
                .hasMessageContaining("larger than a record may be");
    }
}
