package org.operando.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.operando.schema.RunStart;

class DeclaredClocksTest {
    private static RunStart start(Map<String, String> parameters) {
        return RunStart.newBuilder().setRunId("r").setInstrumentId("ingest").setStartMasterTimeNs(0).setWallClockEpochNs(0)
                .setSpecimen("").setOperator("").setSimulated(false).setInstruments(List.of()).setParameters(parameters).build();
    }

    @Test
    void shouldPutInstrumentTimesOnTheMasterClockByTheDeclaredOffsetExactly() {
        ClockModel m = DeclaredClocks.identity(-3_600_000_000_123L);
        assertThat(m.predict(1_763_769_600_000_000_007L).masterTimeNs()).isEqualTo(1_763_769_600_000_000_007L - 3_600_000_000_123L);
        assertThat(m.predict(-5L).masterTimeNs()).isEqualTo(-5L - 3_600_000_000_123L);
        assertThat(m.predict(42L).sigmaNs()).isZero();
        assertThat(m.isStaleAt(1_763_769_600_000_000_000L, 1)).isFalse();
        assertThat(DeclaredClocks.record("r", "em-1", 7L).getUnsynchronized()).isTrue();
    }

    @Test
    void shouldTellUnsynchronizedRunsOnlyByTheirParameter() {
        assertThat(DeclaredClocks.declared(start(Map.of("timing", "unsynchronized")))).isTrue();
        assertThat(DeclaredClocks.declared(start(Map.of()))).as("a run that says nothing is synchronized by triggers").isFalse();
        assertThat(DeclaredClocks.offsetNs(start(Map.of("clockOffsetNs.em-1", "250")), "em-1")).isEqualTo(250L);
        assertThat(DeclaredClocks.offsetNs(start(Map.of()), "em-1")).isZero();
        assertThatThrownBy(() -> DeclaredClocks.offsetNs(start(Map.of("clockOffsetNs.em-1", "0.25 s")), "em-1"))
                .hasMessageContaining("expected a whole number of nanoseconds");
    }
}
