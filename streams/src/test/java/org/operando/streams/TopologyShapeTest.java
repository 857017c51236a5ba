package org.operando.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.operando.schemas.Topics;
import org.operando.streams.pixels.FrameAnalysisProcessor;
import org.operando.streams.run.RunProcessor;

/** The stages are named nodes with their own stores, and pixel work runs in other tasks than the per-run joins. */
class TopologyShapeTest {
    private final TopologyDescription description =
            OperandoTopology.buildTopology(OperandoStreamsConfig.defaults()).describe();

    private TopologyDescription.Subtopology subtopologyWith(String node) {
        return description.subtopologies().stream()
                .filter(s -> s.nodes().stream().anyMatch(n -> n.name().equals(node))).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + node + " in\n" + description));
    }

    private static Set<String> sourceTopics(TopologyDescription.Subtopology s) {
        return s.nodes().stream().filter(n -> n instanceof TopologyDescription.Source)
                .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream()).collect(Collectors.toSet());
    }

    @Test
    void shouldRunThePixelStageInTheFramesTopicsTasksWithItsOwnStores() {
        TopologyDescription.Subtopology pixels = subtopologyWith("frame-analysis");
        assertThat(sourceTopics(pixels)).containsExactly(Topics.FRAMES);
        TopologyDescription.Processor node = (TopologyDescription.Processor) pixels.nodes().stream()
                .filter(n -> n.name().equals("frame-analysis")).findFirst().orElseThrow();
        assertThat(node.stores()).containsExactlyInAnyOrder(FrameAnalysisProcessor.DRIFT_STORE, FrameAnalysisProcessor.HOLD_STORE);
    }

    @Test
    void shouldJoinARunsSmallRecordsInOtherTasksThatNeverReadPixels() {
        TopologyDescription.Subtopology run = subtopologyWith("run-stages");
        assertThat(run.id()).isNotEqualTo(subtopologyWith("frame-analysis").id());
        Set<String> topics = sourceTopics(run);
        assertThat(topics).contains(Topics.RUNS, Topics.TRIGGERS, Topics.ELECTROCHEM).doesNotContain(Topics.FRAMES);
        assertThat(topics).anyMatch(t -> t.endsWith("frame-analysis-repartition"));
        TopologyDescription.Processor node = (TopologyDescription.Processor) run.nodes().stream()
                .filter(n -> n.name().equals("run-stages")).findFirst().orElseThrow();
        assertThat(node.stores()).containsExactlyInAnyOrder(RunProcessor.LOG_STORE, RunProcessor.INDEX_STORE);
    }

    @Test
    void shouldKeepEveryRunsInstrumentModalitiesInAGlobalStore() {
        assertThat(description.globalStores()).singleElement().satisfies(g -> {
            assertThat(g.source().topicSet()).containsExactly(Topics.INSTRUMENT_MODALITIES);
            assertThat(g.processor().stores()).containsExactly("instrument-modalities");
        });
        List<String> names = description.subtopologies().stream().flatMap(s -> s.nodes().stream())
                .map(TopologyDescription.Node::name).toList();
        assertThat(names).contains("frames-validate", "ec-validate", "triggers-validate", "instrument-modalities", "results");
    }
}
