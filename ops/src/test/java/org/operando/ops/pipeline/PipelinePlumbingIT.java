package org.operando.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.operando.producers.Acquired;
import org.operando.schema.Compression;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.TriggerMark;
import org.operando.schemas.FramePixels;
import org.operando.schemas.Topics;

/** Exact-count plumbing through a real embedded broker: every record is processed or dead-lettered, none lost. */
class PipelinePlumbingIT {
    @Test
    @Timeout(120)
    void shouldAccountForEveryRecordIncludingCorruptAndInvalidOnes() throws Exception {
        List<Acquired> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Frame frame = Frame.newBuilder().setRunId("run-p").setInstrumentId("em-1").setSequence(i)
                    .setInstrumentTimeNs(i * 1_000_000L).setExposureNs(1_000L).setWidth(64).setHeight(64)
                    .setPixelType(PixelType.U16).setPixelSizeNm(2).setStageXNm(0).setStageYNm(0).setCompression(Compression.NONE)
                    .setPixels(FramePixels.packU16(ramp(64 * 64, i), Compression.NONE)).build();
            if (i % 10 == 3) {
                frame.setWidth(65); // payload no longer matches: invalid
            }
            Acquired a = Acquired.of(Topics.FRAMES, "run-p", "em-1", Modality.EM, frame, i * 1_000_000L);
            items.add(i % 10 == 7 ? a.withEncodedBytes(new byte[] {1, 2, 3}) : a);
            items.add(Acquired.of(Topics.TRIGGERS, "run-p", "timing", Modality.TIMING, TriggerMark.newBuilder().setRunId("run-p")
                    .setInstrumentId("timing").setTriggerLine("ttl0").setSequence(i).setInstrumentTimeNs(i * 1_000_000L).build(),
                    i * 1_000_000L));
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Demo.Settings settings = new Demo.Settings(null, 2, (short) 1,
                new Pipeline.Options(Duration.ofSeconds(10), 0, Duration.ofSeconds(1), Duration.ofSeconds(60)),
                "operando-plumbing-it", Map.of());
        RunSummary summary = Demo.run(settings, "run-p", bootstrap -> new ListSource(items), new PrintStream(log, true),
                new AtomicBoolean());

        var em = summary.json().get("streams").get("em-1");
        assertThat(em.get("produced").asLong()).isEqualTo(40);
        assertThat(em.get("deadLettered").asLong()).as("4 invalid + 4 corrupt").isEqualTo(8);
        assertThat(em.get("processed").asLong()).isEqualTo(32);
        assertThat(summary.json().get("streams").get("timing").get("processed").asLong()).isEqualTo(40);
        assertThat(summary.allStreamsComplete()).isTrue();
        assertThat(log.toString()).contains("produced 80").contains("(final)");
    }

    /** Pixels that differ (a constant frame is dead-lettered as blank detector output). */
    private static short[] ramp(int n, int offset) {
        short[] px = new short[n];
        for (int i = 0; i < n; i++) {
            px[i] = (short) ((i + offset) & 0x0FFF);
        }
        return px;
    }
}
