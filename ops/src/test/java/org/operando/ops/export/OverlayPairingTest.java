package org.operando.ops.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.operando.schema.Frame;
import org.operando.schema.PixelType;

/** EM frames wait for the optical frame nearest to them in time, within a bounded hold. */
class OverlayPairingTest {
    private static OverlayPairing.Timed frame(String id, long seq, double midS) {
        Frame f = Frame.newBuilder().setRunId("r").setInstrumentId(id).setSequence(seq).setInstrumentTimeNs(0).setExposureNs(1)
                .setWidth(1).setHeight(1).setPixelType(PixelType.U8).setPixelSizeNm(1).setStageXNm(0).setStageYNm(0)
                .setPixels(ByteBuffer.wrap(new byte[1])).build();
        return new OverlayPairing.Timed(f, midS);
    }

    private static String pairs(List<OverlayPairing.Paired> out) {
        StringBuilder b = new StringBuilder();
        for (OverlayPairing.Paired p : out) {
            OverlayPairing.Timed o = p.optical().get(0);
            b.append(p.em().frame().getSequence()).append(':').append(o == null ? "-" : o.frame().getSequence()).append(' ');
        }
        return b.toString().strip();
    }

    @Test
    void shouldPairEachEmFrameWithTheNearestOpticalFrameOnceALaterOneArrived() {
        OverlayPairing pairing = new OverlayPairing(Map.of("em", List.of("opt")), 8);
        List<OverlayPairing.Paired> out = new ArrayList<>();
        pairing.offerOptical(frame("opt", 0, 0.00), out::add);
        pairing.offerEm(frame("em", 0, 0.04), out::add);
        assertThat(out).as("waits for an optical frame after 0.04 s").isEmpty();
        pairing.offerOptical(frame("opt", 1, 0.10), out::add);
        pairing.offerEm(frame("em", 1, 0.24), out::add);
        pairing.offerOptical(frame("opt", 2, 0.20), out::add);
        pairing.offerOptical(frame("opt", 3, 0.30), out::add);
        pairing.finish(out::add);
        assertThat(pairs(out)).isEqualTo("0:0 1:2");
    }

    @Test
    void shouldStopWaitingWhenTheHoldIsFullAndAtTheEnd() {
        OverlayPairing pairing = new OverlayPairing(Map.of("em", List.of("opt")), 2);
        List<OverlayPairing.Paired> out = new ArrayList<>();
        pairing.offerEm(frame("em", 0, 0.0), out::add);
        pairing.offerEm(frame("em", 1, 0.2), out::add);
        assertThat(out).isEmpty();
        pairing.offerEm(frame("em", 2, 0.4), out::add);
        assertThat(pairs(out)).as("optical stream silent: the oldest goes without a partner").isEqualTo("0:-");
        pairing.offerOptical(frame("opt", 0, 0.25), out::add);
        pairing.finish(out::add);
        assertThat(pairs(out)).isEqualTo("0:- 1:0 2:0");
    }
}
