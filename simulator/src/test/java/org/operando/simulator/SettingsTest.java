package org.operando.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void shouldBuildEveryProfileWithUniqueNames() {
        assertThat(Profile.names()).contains("default", "operando", "pump-probe", "load-small", "load-large",
                "faults").doesNotHaveDuplicates();
        for (Profile p : Profile.values()) {
            assertThat(Simulation.create(p.settings()).instruments()).isNotEmpty();
            assertThat(Profile.byName(p.profileName())).isEqualTo(p);
        }
        assertThat(Profile.helpLines()).hasSize(Profile.values().length);
        assertThat(Profile.LOAD_LARGE.settings().em().width()).isEqualTo(2048);
        assertThat(Profile.FAULTS.settings().faults().any()).isTrue();
        assertThat(Profile.FAULTS.settings().faults().malformedFraction()).isPositive();
    }

    @Test
    void shouldRejectUnknownProfileNamingTheChoices() {
        assertThatThrownBy(() -> Profile.byName("fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fast").hasMessageContaining("load-small");
    }

    @Test
    void shouldRejectOutOfRangeSettingsWithWhatWasExpected() {
        assertThatThrownBy(() -> EmSettings.defaults().withPixelSizeNm(0.2))
                .hasMessageContaining("em.pixelSizeNm").hasMessageContaining("[1.0, 5.0]").hasMessageContaining("0.2");
        assertThatThrownBy(() -> ClockSettings.defaults().withMaxSkewPpm(150))
                .hasMessageContaining("maxSkewPpm");
        assertThatThrownBy(() -> SimulationSettings.defaults().withDurationNs(0))
                .hasMessageContaining("durationNs");
        assertThatThrownBy(() -> SimulationSettings.defaults().withEmFrameSize(8192))
                .hasMessageContaining("em.width");
    }

    @Test
    void shouldApplyCliShorthandsAsCopies() {
        SimulationSettings d = SimulationSettings.defaults();
        SimulationSettings s = d.withEmFramesPerSecond(20).withEmFrameSize(1024).withInstrumentCounts(3, 2)
                .withEcSampleRateHz(100_000).withRuns(4);

        assertThat(s.em().framesPerSecond()).isEqualTo(20);
        assertThat(s.em().width()).isEqualTo(1024);
        assertThat(s.em().count()).isEqualTo(3);
        assertThat(s.optical().count()).isEqualTo(2);
        assertThat(s.electrochem().samplePeriodNs()).isEqualTo(10_000);
        assertThat(s.runs()).isEqualTo(4);
        assertThat(d.em().width()).isEqualTo(512);
        assertThat(Simulation.create(s).instruments()).extracting(InstrumentDescriptor::id)
                .containsExactly("em-1", "em-2", "em-3", "opt-1", "opt-2", "pstat-1", "timing");
    }

    @Test
    void shouldExposeConsistentOpticalToEmTruth() {
        Simulation sim = Simulation.create(SimulationSettings.defaults());
        Affine2D optToEm = sim.trueOpticalToEmAffine();
        Affine2D specToOpt = sim.geometry().specimenToOpticalPx();
        Fiducial f = sim.fiducials().get(0);
        double ou = specToOpt.applyX(f.xNm(), f.yNm());
        double ov = specToOpt.applyY(f.xNm(), f.yNm());

        assertThat(f.shared()).isTrue();
        assertThat(optToEm.applyX(ou, ov)).isCloseTo((f.xNm() - sim.geometry().emStageXNm()) / SimulationSettings.DEMO_EM_PIXEL_NM,
                org.assertj.core.api.Assertions.within(1e-6));
        // scale ~ 80 nm / 4 nm = 20 EM px per optical px
        double[] m = optToEm.m();
        assertThat(Math.sqrt(Math.abs(m[0] * m[4] - m[1] * m[3]))).isBetween(19.0, 21.0);
        assertThat(sim.fiducials().stream().filter(Fiducial::shared).count()).isEqualTo(SimulationSettings.DEMO_SHARED_FIDUCIALS);
    }
}
