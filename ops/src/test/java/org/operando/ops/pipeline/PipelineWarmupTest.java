package org.operando.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.operando.producers.Acquired;
import org.operando.schemas.Topics;

class PipelineWarmupTest {
    @Test
    void shouldFeedEveryRecordOfTheSimulatedRunThroughTheTopology() {
        List<Acquired> run = TopologyFeed.published("default", Duration.ofMillis(500), "warm-up-test");
        assertThat(run).extracting(Acquired::topic).contains(Topics.FRAMES, Topics.TRIGGERS, Topics.ELECTROCHEM, Topics.RUNS);
        assertThat(PipelineWarmup.run(run, 60_000)).isEqualTo(run.size());
    }

    @Test
    void shouldStopAtItsBudget() {
        List<Acquired> run = TopologyFeed.published("default", Duration.ofMillis(500), "warm-up-test");
        assertThat(PipelineWarmup.run(run, 0)).isZero();
    }

    @Test
    void shouldWarmUpOncePerJvm() {
        PipelineWarmup.once();
        assertThat(PipelineWarmup.once()).as("the second call finds the JVM warm").isZero();
    }
}
