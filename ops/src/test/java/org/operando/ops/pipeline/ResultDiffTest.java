package org.operando.ops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ResultDiffTest {
    private static final RunResults.Key DRIFT = new RunResults.Key("run", "em-1", "DriftEstimate");

    private static RunResults.Rendered drift(long seq, double dx) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("sequence", Long.toString(seq));
        fields.put("dxPx", Double.toString(dx));
        return new RunResults.Rendered("seq " + seq, fields);
    }

    private static Map<RunResults.Key, List<RunResults.Rendered>> of(RunResults.Rendered... records) {
        Map<RunResults.Key, List<RunResults.Rendered>> m = new TreeMap<>();
        m.put(DRIFT, List.of(records));
        return m;
    }

    @Test
    void shouldFindIdenticalResultsIdentical() {
        ResultDiff diff = ResultDiff.of(of(drift(0, 0.1), drift(1, 0.2)), of(drift(0, 0.1), drift(1, 0.2)));
        assertThat(diff.identical()).isTrue();
        assertThat(diff.summary("a", "b")).isEqualTo("identical: 1 (run, instrument, type) groups");
    }

    @Test
    void shouldNameMissingExtraAndChangedRecordsWithTheirFields() {
        ResultDiff diff = ResultDiff.of(of(drift(0, 0.1), drift(1, 0.2), drift(2, 0.3)), of(drift(0, 0.1), drift(2, 0.35), drift(3, 0.4)));
        assertThat(diff.identical()).isFalse();
        ResultDiff.GroupDiff g = diff.diffs().get(0);
        assertThat(g.identical()).isEqualTo(1);
        assertThat(g.onlyExpected()).containsExactly("seq 1");
        assertThat(g.onlyActual()).containsExactly("seq 3");
        assertThat(g.changed()).containsExactly("seq 2: dxPx 0.3 -> 0.35");
        assertThat(diff.summary("reference", "failover")).contains("run em-1 DriftEstimate").contains("1 only in reference [seq 1]")
                .contains("1 only in failover [seq 3]").contains("seq 2: dxPx 0.3 -> 0.35");
    }

    @Test
    void shouldTellTheSameRecordsInAnotherOrder() {
        ResultDiff diff = ResultDiff.of(of(drift(0, 0.1), drift(1, 0.2)), of(drift(1, 0.2), drift(0, 0.1)));
        assertThat(diff.identical()).isFalse();
        assertThat(diff.diffs().get(0).sameRecordsOtherOrder()).isTrue();
    }

    @Test
    void shouldReportAGroupOnlyOneSideHas() {
        Map<RunResults.Key, List<RunResults.Rendered>> actual = of(drift(0, 0.1));
        actual.put(new RunResults.Key("run", "opt-1", "DriftEstimate"), List.of(drift(0, 0.5)));
        ResultDiff diff = ResultDiff.of(of(drift(0, 0.1)), actual);
        assertThat(diff.diffs()).singleElement().satisfies(g -> {
            assertThat(g.key().instrument()).isEqualTo("opt-1");
            assertThat(g.expected()).isZero();
            assertThat(g.onlyActual()).containsExactly("seq 0");
        });
    }
}
