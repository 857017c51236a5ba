package org.operando.ops.scoring;

import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.operando.ops.pipeline.RunSummary;
import org.operando.schemas.Topics;

/** Adds the accuracy sections to a run's summary when the run has ground truth (a simulated or replayed simulated run). */
public final class Scoring {
    private Scoring() {
    }

    public static void addSections(RunSummary summary, Map<String, Object> clientConfig, String runId) {
        Map<String, List<SpecificRecord>> records = RunRecords.read(clientConfig, runId, List.of(Topics.RUNS, Topics.GROUND_TRUTH,
                Topics.CORRELATED, Topics.CLOCK_MODELS, Topics.DRIFT, Topics.REGISTRATIONS, Topics.CORRELATION_RESULTS));
        List<SpecificRecord> truth = records.get(Topics.GROUND_TRUTH);
        if (truth.isEmpty()) {
            return;
        }
        Scoreboard board = new Scoreboard(truth, records.get(Topics.RUNS));
        long runStart = board.runValues().getOrDefault("runStartMasterNs", 0.0).longValue();
        summary.section("sync", board.sync(records.get(Topics.CORRELATED), records.get(Topics.CLOCK_MODELS), runStart));
        if (!records.get(Topics.DRIFT).isEmpty()) {
            summary.section("drift", board.drift(records.get(Topics.DRIFT)));
        }
        if (!records.get(Topics.REGISTRATIONS).isEmpty()) {
            summary.section("registration", board.registration(records.get(Topics.REGISTRATIONS)));
        }
        Map<String, Object> correlation = board.correlation(records.get(Topics.CORRELATION_RESULTS));
        if (!correlation.isEmpty()) {
            summary.section("correlation", correlation);
        }
    }
}
