package org.operando.streams.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClockSyncSettingsTest {

    @Test
    void shouldDefaultToTenHertzOneMicrosecondAndStaleAfterFivePeriods() {
        ClockSyncSettings s = ClockSyncSettings.defaults();
        assertThat(s.nominalPeriodNs()).isEqualTo(100_000_000L);
        assertThat(s.jitterSigmaNs()).isEqualTo(1_000.0);
        assertThat(s.staleAfterNs()).isEqualTo(500_000_000L);
        assertThat(s.window()).isEqualTo(FitWindow.all());
    }

    @Test
    void shouldRejectBadValuesSayingWhatWasExpected() {
        assertThatThrownBy(() -> ClockSyncSettings.forPeriod(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("periodNs must be > 0. Got: 0");
        assertThatThrownBy(() -> ClockSyncSettings.defaults().withJitterSigmaNs(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitterSigmaNs");
        assertThatThrownBy(() -> ClockSyncSettings.defaults().withMinMarksForModel(2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minMarksForModel must be >= 3");
        assertThatThrownBy(() -> FitWindow.lastMarks(2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxMarks >= 3");
        assertThatThrownBy(() -> FitWindow.lastDuration(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durationNs > 0");
        assertThatThrownBy(() -> new ClockSync(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settings may not be null");
        assertThatThrownBy(() -> new MasterTime(0, -1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Got: -1.0");
    }
}
