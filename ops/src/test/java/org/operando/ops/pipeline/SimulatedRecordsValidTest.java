package org.operando.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.operando.producers.Acquired;
import org.operando.producers.sim.SimulatorSource;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.TriggerMark;
import org.operando.schemas.Invalid;
import org.operando.schemas.Validation;
import org.operando.simulator.Profile;
import org.operando.simulator.Simulation;

/** The record-level checks reject nothing the simulator publishes for a well-formed run, in any profile (no false alarms). */
class SimulatedRecordsValidTest {
    static List<String> profiles() {
        return Profile.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void shouldAcceptEveryRecordOfASimulatedRun(String profile) {
        SimulatorSource source = new SimulatorSource(Simulation.create(Profile.byName(profile).settings()
                .withDurationNs(Duration.ofSeconds(2).toNanos())), "run-valid");
        List<Acquired> records = new ArrayList<>(source.preamble());
        Map<String, Long> counts = new TreeMap<>();
        for (Optional<Acquired> a = source.next(); a.isPresent(); a = source.next()) {
            records.add(a.get());
            counts.merge(a.get().instrumentId(), 1L, Long::sum);
        }
        records.addAll(source.epilogue(counts));
        List<String> rejected = new ArrayList<>();
        int checked = 0;
        for (Acquired a : records) {
            if (a.encodedBytes() != null) {
                continue; // deliberately corrupted by the profile's fault injection
            }
            Optional<Invalid> invalid = check(a.record());
            checked += invalid == null ? 0 : 1;
            if (invalid != null && invalid.isPresent()) {
                rejected.add(a.record().getSchema().getName() + " of " + a.instrumentId() + ": " + invalid.get());
            }
        }
        assertThat(checked).isGreaterThan(50);
        assertThat(rejected).as(profile).isEmpty();
    }

    /** The check for a record type, or null for types not checked (ground truth). */
    private static Optional<Invalid> check(Object record) {
        if (record instanceof Frame f) {
            return Validation.check(f);
        } else if (record instanceof ElectrochemBlock b) {
            return Validation.check(b);
        } else if (record instanceof TriggerMark m) {
            return Validation.check(m);
        } else if (record instanceof RunStart s) {
            return Validation.check(s);
        } else if (record instanceof RunStop s) {
            return Validation.check(s);
        } else if (record instanceof StreamDescriptor d) {
            return Validation.check(d);
        }
        return null;
    }
}
