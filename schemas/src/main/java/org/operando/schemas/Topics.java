package org.operando.schemas;

import java.util.List;
import java.util.Map;

/**
 * Every topic of the project and its settings, in one place. Records are keyed by run id, so all of a run's
 * streams land in the same partition number of every topic (co-partitioned), and several runs spread over
 * partitions.
 */
public final class Topics {
    /** RunStart, RunStop and StreamDescriptor records (mixed; decode by fingerprint). */
    public static final String RUNS = "operando.runs";
    /** Frames of every imaging instrument. */
    public static final String FRAMES = "operando.frames";
    /** Potentiostat sample blocks. */
    public static final String ELECTROCHEM = "operando.electrochem";
    /** Trigger marks of every instrument, including the timing generator. */
    public static final String TRIGGERS = "operando.triggers";
    /** Simulator ground truth. */
    public static final String GROUND_TRUTH = "operando.ground-truth";
    /** Derived: clock models. */
    public static final String CLOCK_MODELS = "operando.clock-models";
    /** Derived: drift estimates. */
    public static final String DRIFT = "operando.drift";
    /** Derived: optical to EM registrations. */
    public static final String REGISTRATIONS = "operando.registrations";
    /** Derived: aligned, correlated samples. */
    public static final String CORRELATED = "operando.correlated";
    /** Derived: correlation results (lag, time constant, CV-resolved curves). */
    public static final String CORRELATION_RESULTS = "operando.correlation-results";
    /**
     * Internal, compacted: each run's instruments and their modality (key {@code runId NUL instrumentId}, value the
     * modality name), written by the processors from RunStart and StreamDescriptor records and read by every pixel
     * task as a global store.
     */
    public static final String INSTRUMENT_MODALITIES = "operando.instrument-modalities";
    /** Dead letters: {@code Rejected} records. */
    public static final String DEAD_LETTERS = "operando.dead-letters";

    /** Largest record a frame topic accepts: a 4096 x 4096 u16 frame is 32 MiB, plus headroom. */
    public static final int MAX_RECORD_BYTES = 40 * 1024 * 1024;

    /** Topics carrying acquisition data: kept for a week so a run can be recorded or re-processed. */
    public static final List<String> INPUTS = List.of(RUNS, FRAMES, ELECTROCHEM, TRIGGERS, GROUND_TRUTH);
    public static final List<String> RESULTS = List.of(CLOCK_MODELS, DRIFT, REGISTRATIONS, CORRELATED, CORRELATION_RESULTS);
    /**
     * Topics of the instruments' acquisition records (frames, EC blocks, trigger marks): what the processors consume per
     * instrument, and what a {@code RunStop}'s {@code recordsPublished} counts.
     */
    public static final List<String> ACQUISITION = List.of(FRAMES, ELECTROCHEM, TRIGGERS);

    private Topics() {
    }

    public static List<String> all() {
        return java.util.stream.Stream.of(INPUTS, RESULTS, List.of(DEAD_LETTERS, INSTRUMENT_MODALITIES)).flatMap(List::stream).toList();
    }

    /** Topic-level configuration for {@code name}. */
    public static Map<String, String> config(String name) {
        long week = 7L * 24 * 3600 * 1000;
        if (INSTRUMENT_MODALITIES.equals(name)) {
            return Map.of("cleanup.policy", "compact", "retention.ms", Long.toString(4 * week));
        }
        return Map.of(
                "max.message.bytes", Integer.toString(MAX_RECORD_BYTES),
                "retention.ms", Long.toString(DEAD_LETTERS.equals(name) ? 4 * week : week),
                "compression.type", "producer");
    }
}
