package org.operando.ops.pipeline;

import java.util.EnumSet;
import java.util.Set;
import org.operando.schema.ReasonCode;

/**
 * The kinds of hostile record the fuzz tests interleave into a valid run (see {@link HostileRecords} for how each is
 * made), with the dead-letter reason codes that are acceptable for it and what part of the processors has to catch it.
 */
enum HostileKind {
    // --- bytes ---
    TRUNCATED_BODY(Layer.INGEST, "a frame cut to half its bytes", ReasonCode.CORRUPT_BODY),
    TRUNCATED_HEADER(Layer.INGEST, "a mark cut to 5 bytes, inside the single-object header", ReasonCode.NOT_AVRO),
    EMPTY_VALUE(Layer.INGEST, "a zero-length value", ReasonCode.NOT_AVRO),
    RANDOM_BYTES(Layer.INGEST, "200 random bytes", ReasonCode.NOT_AVRO, ReasonCode.UNKNOWN_SCHEMA),
    JSON_VALUE(Layer.INGEST, "a JSON rendering of a trigger mark", ReasonCode.NOT_AVRO),
    FLIPPED_MARKER_BIT(Layer.INGEST, "one bit of the C3 01 marker flipped", ReasonCode.NOT_AVRO),
    FLIPPED_FINGERPRINT_BIT(Layer.INGEST, "one bit of the schema fingerprint flipped", ReasonCode.UNKNOWN_SCHEMA),
    FLIPPED_BODY_BITS(Layer.INGEST, "bits of the run id's length flipped in an EC block body", ReasonCode.CORRUPT_BODY,
            ReasonCode.TRAILING_BYTES, ReasonCode.KEY_MISMATCH, ReasonCode.MISSING_ID),
    TRAILING_BYTES(Layer.INGEST, "a valid frame followed by 16 extra bytes", ReasonCode.TRAILING_BYTES),
    WRONG_TYPE_ON_FRAMES(Layer.INGEST, "a trigger mark published on the frames topic", ReasonCode.WRONG_TYPE),
    WRONG_TYPE_ON_TRIGGERS(Layer.INGEST, "an EC block published on the triggers topic", ReasonCode.WRONG_TYPE),
    // --- keys ---
    NULL_KEY(Layer.INGEST, "a valid frame without a key", ReasonCode.NULL_KEY),
    TOMBSTONE(Layer.INGEST, "a null value keyed by the run", ReasonCode.TOMBSTONE),
    KEY_OF_OTHER_RUN(Layer.INGEST, "a valid mark of the run keyed by another run id", ReasonCode.KEY_MISMATCH),
    BODY_OF_OTHER_RUN(Layer.INGEST, "a mark whose body names another run, keyed by this run", ReasonCode.KEY_MISMATCH),
    // --- field edits to extreme values ---
    NEGATIVE_TIME(Layer.INGEST, "a frame at instrument time -1 ns", ReasonCode.OUT_OF_RANGE),
    OVERFLOWING_TIME(Layer.INGEST, "a mark at Long.MAX_VALUE ns", ReasonCode.OUT_OF_RANGE),
    ABSURD_EXPOSURE(Layer.INGEST, "a frame exposed for 10^15 ns (11 days)", ReasonCode.OUT_OF_RANGE),
    NEGATIVE_SEQUENCE(Layer.INGEST, "a frame with sequence -5", ReasonCode.OUT_OF_RANGE),
    NAN_EC_SAMPLE(Layer.INGEST, "an EC block with a NaN current", ReasonCode.OUT_OF_RANGE),
    INFINITE_STAGE_POSITION(Layer.INGEST, "a frame at stage x = +inf", ReasonCode.OUT_OF_RANGE),
    NAN_PIXEL_SIZE(Layer.INGEST, "a frame with a NaN pixel size", ReasonCode.OUT_OF_RANGE),
    ZERO_SAMPLE_PERIOD(Layer.INGEST, "an EC block with sample period 0", ReasonCode.OUT_OF_RANGE),
    DIMENSIONS_OVERFLOW(Layer.INGEST, "a frame claiming 16384 x 16384 f32 (1 GiB)", ReasonCode.BAD_DIMENSIONS),
    ZERO_DIMENSIONS(Layer.INGEST, "a frame of 0 x 64 pixels", ReasonCode.BAD_DIMENSIONS),
    EMPTY_RUN_ID(Layer.INGEST, "a mark with an empty run id, keyed by the empty string", ReasonCode.MISSING_ID),
    EMPTY_INSTRUMENT_ID(Layer.INGEST, "a frame with an empty instrument id", ReasonCode.MISSING_ID),
    EC_LENGTH_MISMATCH(Layer.INGEST, "an EC block with one current fewer than potentials", ReasonCode.INCONSISTENT),
    // --- payloads ---
    PAYLOAD_SHORTER_THAN_DIMENSIONS(Layer.INGEST, "a frame whose payload lacks its last row", ReasonCode.PAYLOAD_SIZE),
    INVALID_DEFLATE(Layer.INGEST, "a frame marked DEFLATE whose payload is raw pixels", ReasonCode.BAD_COMPRESSION),
    ZIP_BOMB(Layer.INGEST, "a DEFLATE frame inflating to 64 MiB instead of its declared size", ReasonCode.INFLATES_BEYOND_SIZE),
    BLANK_FRAME(Layer.INGEST, "an all-zero frame", ReasonCode.BLANK_FRAME),
    CONSTANT_FRAME(Layer.INGEST, "a frame of one constant value, deflated", ReasonCode.BLANK_FRAME),
    // --- the runs topic: validated by IngestTopology.validatedRuns, once the run topology reads the runs topic through it ---
    FRAME_ON_RUNS_TOPIC(Layer.RUNS_WIRING, "a valid frame published on the runs topic", ReasonCode.WRONG_TYPE),
    TOMBSTONE_ON_RUNS_TOPIC(Layer.RUNS_WIRING, "a null value on the runs topic", ReasonCode.TOMBSTONE),
    RUNSTART_EMPTY_RUN_ID(Layer.RUNS_WIRING, "a RunStart with an empty run id", ReasonCode.MISSING_ID),
    RUNSTART_ZERO_TRIGGER_PERIOD(Layer.RUNS_WIRING, "a RunStart (of its own run) with trigger period 0", ReasonCode.OUT_OF_RANGE,
            ReasonCode.STAGE_FAILURE),
    RUNSTART_DUPLICATE_INSTRUMENTS(Layer.RUNS_WIRING, "a RunStart (of its own run) listing em-1 twice", ReasonCode.INCONSISTENT),
    DESCRIPTOR_ABSURD_DIMENSIONS(Layer.RUNS_WIRING, "a descriptor (of its own run) of -1 x 10^9 pixels", ReasonCode.BAD_DIMENSIONS,
            ReasonCode.INCONSISTENT),
    RUNSTOP_NEGATIVE_COUNT(Layer.RUNS_WIRING, "a RunStop (of its own run) announcing -7 records", ReasonCode.OUT_OF_RANGE),
    // --- against what the run announced, its other records and its own recent times: the run stages ---
    DUPLICATE_FRAME(Layer.RUN_LEVEL, "a second copy of an EM frame, later", ReasonCode.DUPLICATE),
    DUPLICATE_MARK(Layer.RUN_LEVEL, "a second copy of a trigger mark, later", ReasonCode.DUPLICATE),
    DUPLICATE_EC_BLOCK(Layer.RUN_LEVEL, "a second copy of an EC block, later", ReasonCode.DUPLICATE),
    DIMENSIONS_UNLIKE_DESCRIPTOR(Layer.RUN_LEVEL, "an EM frame (new sequence) of twice the descriptor's width",
            ReasonCode.DESCRIPTOR_MISMATCH),
    PIXEL_TYPE_UNLIKE_DESCRIPTOR(Layer.RUN_LEVEL, "an EM frame (new sequence) of u8 pixels where the descriptor says u16",
            ReasonCode.DESCRIPTOR_MISMATCH),
    INSTRUMENT_NOT_IN_RUNSTART(Layer.RUN_LEVEL, "a frame of em-9, which the RunStart does not list", ReasonCode.NOT_ANNOUNCED),
    ORPHAN_RUN(Layer.RUN_LEVEL, "marks and a frame of a run that never starts", ReasonCode.ORPHAN, ReasonCode.NOT_ANNOUNCED),
    RUNSTOP_BEFORE_RUNSTART(Layer.RUN_LEVEL, "a RunStop of another run, then its RunStart", ReasonCode.ORPHAN),
    TIME_FAR_AHEAD(Layer.RUN_LEVEL, "an EM frame (new sequence) an hour after the run's frames", ReasonCode.IMPLAUSIBLE_TIME),
    TIME_FAR_BEHIND(Layer.RUN_LEVEL, "an optical frame (new sequence) an hour before the run's frames", ReasonCode.IMPLAUSIBLE_TIME,
            ReasonCode.LATE),
    HIGH_SEQUENCE(Layer.RUN_LEVEL, "an EM frame at a plausible time with sequence 10^6", ReasonCode.OUT_OF_RANGE,
            ReasonCode.IMPLAUSIBLE_TIME, ReasonCode.DUPLICATE, ReasonCode.DESCRIPTOR_MISMATCH),
    RECORD_OF_CLOSED_RUN(Layer.RUN_LEVEL, "a frame of a run that started and stopped before this one, delivered in it",
            ReasonCode.RUN_CLOSED, ReasonCode.ORPHAN, ReasonCode.LATE);

    /** Which part of the processors must catch the kind. */
    enum Layer {
        /** Decode and per-record validation at ingest (IngestTopology, schemas): done. */
        INGEST,
        /** Runs-topic validation: IngestTopology.validatedRuns exists, the run topology does not read through it yet. */
        RUNS_WIRING,
        /** Needs run-level state (descriptors, listed instruments, duplicates, recent times, orphans): being built. */
        RUN_LEVEL
    }

    final Layer layer;
    final String description;
    final Set<ReasonCode> codes;

    HostileKind(Layer layer, String description, ReasonCode first, ReasonCode... more) {
        this.layer = layer;
        this.description = description;
        this.codes = EnumSet.of(first, more);
    }
}
