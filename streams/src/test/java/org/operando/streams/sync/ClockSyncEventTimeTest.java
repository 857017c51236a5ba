package org.operando.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bootstrap by event time: deliveries that defeat pairing by delivery order (every mark before its
 * edge, or a burst delaying the first marks by seconds) still pair every mark with its own edge when
 * both streams carry event times from a common clock.
 */
class ClockSyncEventTimeTest {

    private static void assertEveryPairTrue(SyntheticTriggerStreams gen, ClockSync sync) {
        int checked = 0;
        for (var edge : sync.edges.entrySet()) {
            if (edge.getValue() != ClockSync.UNPAIRED) {
                assertThat(gen.trueEdgeOfMark.get(edge.getValue())).isEqualTo(edge.getKey());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(40);
        assertThat(sync.counters().paired()).isEqualTo(gen.trueEdgeOfMark.size());
    }

    @Test
    void shouldPairByEventTimeWhenEveryMarkIsDeliveredBeforeItsEdgeAndTheFirstEdgeWasMissed() {
        SyntheticTriggerStreams gen = new SyntheticTriggerStreams(SyntheticTriggerStreams.Params.typical(41)
                .withDurationNs(10_000_000_000L).withMaxDelayNs(0.0));
        long firstEdge = gen.params.masterStartNs();
        List<SyntheticTriggerStreams.Event> order = new ArrayList<>();
        for (SyntheticTriggerStreams.Event e : gen.events) {
            boolean markOfFirstEdge = e.kind() == SyntheticTriggerStreams.Kind.MARK && e.eventNs() == firstEdge;
            if (markOfFirstEdge) {
                gen.trueEdgeOfMark.remove(e.timeNs()); // the instrument missed edge 0
            } else {
                // marks a microsecond ahead of their edge: the unnatural delivery order
                order.add(e.withDeliveryNs(e.eventNs() - (e.kind() == SyntheticTriggerStreams.Kind.MARK ? 1_000 : 0)));
            }
        }
        order.sort(Comparator.comparingDouble(SyntheticTriggerStreams.Event::deliveryNs));
        ClockSync sync = new ClockSync(ClockSyncSettings.defaults());
        SyntheticTriggerStreams.feed(order, sync, true);
        assertEveryPairTrue(gen, sync);
    }

    @Test
    void shouldPairByEventTimeWhenABurstDelaysTheFirstMarksByThreeSeconds() {
        SyntheticTriggerStreams gen = new SyntheticTriggerStreams(SyntheticTriggerStreams.Params.typical(43)
                .withDurationNs(10_000_000_000L));
        long burstEnd = gen.params.masterStartNs() + 3_000_000_000L;
        List<SyntheticTriggerStreams.Event> order = new ArrayList<>();
        for (SyntheticTriggerStreams.Event e : gen.events) {
            boolean held = e.kind() == SyntheticTriggerStreams.Kind.MARK && e.deliveryNs() < burstEnd;
            order.add(held ? e.withDeliveryNs(burstEnd + e.deliveryNs() * 1e-9) : e);
        }
        order.sort(Comparator.comparingDouble(SyntheticTriggerStreams.Event::deliveryNs));
        ClockSync sync = new ClockSync(ClockSyncSettings.defaults());
        SyntheticTriggerStreams.feed(order, sync, true);
        assertEveryPairTrue(gen, sync);
    }

    @Test
    void shouldPairTheSameWithOrWithoutEventTimesOnOrdinaryDelivery() {
        SyntheticTriggerStreams gen = new SyntheticTriggerStreams(SyntheticTriggerStreams.Params.typical(45));
        ClockSync byOrder = new ClockSync(ClockSyncSettings.defaults());
        ClockSync byTime = new ClockSync(ClockSyncSettings.defaults());
        SyntheticTriggerStreams.feed(gen.events, byOrder, false);
        SyntheticTriggerStreams.feed(gen.events, byTime, true);
        assertThat(byTime.requireModel()).isEqualTo(byOrder.requireModel());
        assertThat(byTime.counters()).isEqualTo(byOrder.counters());
    }
}
