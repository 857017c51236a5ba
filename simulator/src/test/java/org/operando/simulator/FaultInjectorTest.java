package org.operando.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {
    /** A minute of mostly triggers and EC blocks (frames at 1/s): faults act on events, not on pixels. */
    private static final SimulationSettings SETTINGS = SimulationSettings.defaults()
            .withEm(EmSettings.defaults().withSize(256, 256).withFramesPerSecond(1.0))
            .withOptical(OpticalSettings.defaults().withFramesPerSecond(1.0)).withDurationNs(60_000_000_000L);

    private static List<Delivery> deliver(SimulationSettings settings) {
        List<Delivery> out = new ArrayList<>();
        Simulation.create(settings).withFaults().forEachRemaining(out::add);
        return out;
    }

    @Test
    void shouldDeliverEverythingUnchangedWithoutFaults() {
        List<SimEvent> events = new ArrayList<>();
        Simulation.create(SETTINGS).forEachRemaining(events::add);
        List<Delivery> deliveries = deliver(SETTINGS);

        assertThat(deliveries).hasSameSizeAs(events);
        for (int i = 0; i < events.size(); i++) {
            assertThat(deliveries.get(i).event()).isEqualTo(events.get(i));
            assertThat(deliveries.get(i).fault()).isEqualTo(Delivery.Fault.NONE);
            assertThat(deliveries.get(i).deliverAtMasterNs()).isEqualTo(events.get(i).trueMasterTimeNs());
        }
    }

    @Test
    void shouldInjectEachFaultKindInDeliveryTimeOrder() {
        FaultSettings f = new FaultSettings(0.1, 1.0, 0.1, 0.5, 0.02, 0.03, 0.5, 0.01, 30.0, 0.001);
        List<SimEvent> events = new ArrayList<>();
        Simulation.create(SETTINGS).forEachRemaining(events::add);
        List<Delivery> deliveries = deliver(SETTINGS.withFaults(f));

        Map<Delivery.Fault, Integer> counts = new EnumMap<>(Delivery.Fault.class);
        long last = Long.MIN_VALUE;
        for (Delivery d : deliveries) {
            assertThat(d.deliverAtMasterNs()).isGreaterThanOrEqualTo(last)
                    .isGreaterThanOrEqualTo(d.event().trueMasterTimeNs());
            last = d.deliverAtMasterNs();
            counts.merge(d.fault(), 1, Integer::sum);
        }
        int n = events.size();
        assertThat(counts.get(Delivery.Fault.DUPLICATE)).isBetween((int) (0.01 * n), (int) (0.03 * n));
        assertThat(counts.get(Delivery.Fault.REORDERED)).isBetween((int) (0.015 * n), (int) (0.045 * n));
        assertThat(counts.get(Delivery.Fault.LATE)).isBetween((int) (0.004 * n), (int) (0.02 * n));
        assertThat(counts.get(Delivery.Fault.BURST)).isPositive();
        long delivered = deliveries.size() - counts.get(Delivery.Fault.DUPLICATE);
        assertThat(delivered).as("gaps drop events").isLessThan(n);
        assertThat(deliveries).isEqualTo(deliver(SETTINGS.withFaults(f)));
    }

    @Test
    void shouldDeliverReorderedEventsAfterLaterOnes() {
        FaultSettings f = new FaultSettings(0.0, 1.0, 0.0, 0.5, 0.0, 0.05, 0.5, 0.0, 30.0, 0.0);
        List<Delivery> deliveries = deliver(SETTINGS.withFaults(f));
        int overtaken = 0;
        for (int i = 1; i < deliveries.size(); i++) {
            if (deliveries.get(i).event().trueMasterTimeNs() < deliveries.get(i - 1).event().trueMasterTimeNs()) {
                overtaken++;
            }
        }
        assertThat(overtaken).isPositive();
    }
}
