package org.operando.streams.pixels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.operando.streams.OperandoStreamsConfig;

class KernelWarmupTest {
    @Test
    void shouldRunEveryKernelOnItsSyntheticFramesWithoutFailing() {
        // every processor start runs this: a kernel that throws on the synthetic frames would stop the start
        assertThat(KernelWarmup.run(OperandoStreamsConfig.defaults(), 60_000, 5)).isEqualTo(10);
    }

    @Test
    void shouldStopAtItsTimeBudget() {
        assertThat(KernelWarmup.run(OperandoStreamsConfig.defaults(), 0, 1_000)).isZero();
    }

    @Test
    void shouldWarmUpOncePerJvm() {
        KernelWarmup.once();
        assertThat(KernelWarmup.once()).as("the second call finds the kernels warm").isZero();
    }
}
