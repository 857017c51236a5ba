package org.operando.streams.ingest;

import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.ReasonCode;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.TriggerMark;
import org.operando.schemas.AnyRecordSerde;
import org.operando.schemas.AvroSerde;
import org.operando.schemas.Invalid;
import org.operando.schemas.Topics;
import org.operando.schemas.Validation;
import org.operando.streams.DeadLetterRouter;

/**
 * Ingest: every acquisition record is decoded (undecodable ones become dead letters through
 * {@link org.operando.schemas.DeadLetterHandler}), checked (tombstones, records without a key or keyed by another run,
 * and records that fail {@link Validation} become dead letters here, {@link DeadLetterRouter.Check}), and counted per
 * instrument. Dead letters are counted per instrument too, so completeness can be checked:
 * produced = processed + dead-lettered for every stream; and every dead letter of any stage is counted per stage and
 * reason code. {@link #validatedRuns} does the same for the runs topic. See docs/dead-letters.md.
 */
public final class IngestTopology {
    /** Valid records per instrument id (count). */
    public static final String PROCESSED_STORE = "processed-counts";
    /**
     * Ingest dead letters (decode, validate) of acquisition records per instrument id (count); "unknown" when the
     * instrument could not be told.
     */
    public static final String DEAD_LETTER_STORE = "dead-letter-counts";

    /** Every dead letter (all stages) per "stage|reasonCode" (count): what {@code operando.dead.letters} shows. */
    public static final String DEAD_LETTER_REASON_STORE = "dead-letter-reasons";

    /** Dead letters of these stages replace processing; later stages' dead letters come on top of it. */
    public static final java.util.Set<String> INGEST_STAGES = java.util.Set.of("decode", "validate");

    private IngestTopology() {
    }

    /** Ingest on its own: the acquisition topics and the runs topic, validated and counted. */
    public static Topology buildTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder);
        validatedRuns(builder);
        return builder.build();
    }

    /** Adds the ingest stage to {@code builder}; returns the validated streams for later stages. */
    public static Validated addTo(StreamsBuilder builder) {
        Checked<Frame> checkedFrames = validated(builder, Topics.FRAMES, AvroSerde.of(Frame.class), Validation::check,
                Frame::getInstrumentId, Frame::getRunId, "frames");
        Checked<ElectrochemBlock> checkedEc = validated(builder, Topics.ELECTROCHEM, AvroSerde.of(ElectrochemBlock.class),
                Validation::check, ElectrochemBlock::getInstrumentId, ElectrochemBlock::getRunId, "ec");
        Checked<TriggerMark> checkedMarks = validated(builder, Topics.TRIGGERS, AvroSerde.of(TriggerMark.class), Validation::check,
                TriggerMark::getInstrumentId, TriggerMark::getRunId, "triggers");
        KStream<String, Frame> frames = checkedFrames.valid();
        KStream<String, ElectrochemBlock> ec = checkedEc.valid();
        KStream<String, TriggerMark> marks = checkedMarks.valid();

        // each topic is re-keyed by instrument on its own, so the frames topic's tasks stay apart from the run-keyed ones
        KStream<String, String> processedInstruments = byInstrument(frames.mapValues(Frame::getInstrumentId, Named.as("frame-instrument")), "frames")
                .merge(byInstrument(ec.mapValues(ElectrochemBlock::getInstrumentId, Named.as("ec-instrument")), "ec"))
                .merge(byInstrument(marks.mapValues(TriggerMark::getInstrumentId, Named.as("mark-instrument")), "triggers"));
        processedInstruments.groupByKey(Grouped.with(PROCESSED_STORE, Serdes.String(), Serdes.String()))
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(PROCESSED_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));

        KStream<String, Rejected> allDeadLetters = builder
                .stream(Topics.DEAD_LETTERS, Consumed.with(Serdes.String(), AvroSerde.of(Rejected.class)).withName("dead-letter-source"))
                .filter((k, r) -> r != null, Named.as("dead-letter-values"));
        count(allDeadLetters.mapValues(r -> r.getStage() + "|" + r.getReasonCode(), Named.as("dead-letter-reason")),
                DEAD_LETTER_REASON_STORE);
        KStream<String, Rejected> ingestDeadLetters = allDeadLetters
                .filter((k, r) -> INGEST_STAGES.contains(r.getStage()), Named.as("ingest-dead-letters"));
        count(ingestDeadLetters.filter((k, r) -> Topics.ACQUISITION.contains(r.getSourceTopic()), Named.as("acquisition-ingest-dead-letters"))
                .mapValues(r -> r.getInstrumentId() == null ? "unknown" : r.getInstrumentId(), Named.as("dead-letter-instrument")),
                DEAD_LETTER_STORE);
        return new Validated(frames, ec, marks, ingestDeadLetters, checkedFrames.invalid(), checkedEc.invalid(), checkedMarks.invalid());
    }

    /** A topic's records that passed validation, and the dead letters of those that did not. */
    private record Checked<T>(KStream<String, T> valid, KStream<String, Rejected> invalid) {
    }

    private static KStream<String, String> byInstrument(KStream<String, String> instruments, String name) {
        return instruments.selectKey((runId, instrumentId) -> instrumentId, Named.as(name + "-by-instrument"))
                .repartition(org.apache.kafka.streams.kstream.Repartitioned.<String, String>as(name + "-processed")
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
    }

    /**
     * The runs topic ({@code RunStart}, {@code RunStop}, {@code StreamDescriptor}), decoded by fingerprint and validated like
     * the acquisition topics: other record types, tombstones, records without a key or keyed by another run, and records
     * that fail {@link Validation} become dead letters (stage {@code validate}); the valid ones, keyed by run id, are
     * returned for the run stages. Adds the source {@code runs-source} (one source per topic: it replaces any other
     * source of {@link Topics#RUNS}).
     */
    public static KStream<String, SpecificRecord> validatedRuns(StreamsBuilder builder) {
        return validated(builder, Topics.RUNS, new AnyRecordSerde(), IngestTopology::checkRunRecord,
                r -> field(r, "instrumentId"), r -> field(r, "runId"), "runs").valid();
    }

    /** The checks for a record of the runs topic, by type; any other type does not belong there. */
    static Optional<Invalid> checkRunRecord(SpecificRecord record) {
        if (record instanceof RunStart start) {
            return Validation.check(start);
        } else if (record instanceof RunStop stop) {
            return Validation.check(stop);
        } else if (record instanceof StreamDescriptor descriptor) {
            return Validation.check(descriptor);
        }
        return Optional.of(new Invalid(ReasonCode.WRONG_TYPE, "A " + record.getSchema().getName() + " record on " + Topics.RUNS
                + "; expected RunStart, RunStop or StreamDescriptor"));
    }

    /** A string field every Operando record has (runId, instrumentId); null when absent. */
    private static String field(SpecificRecord record, String name) {
        Schema.Field f = record.getSchema().getField(name);
        Object v = f == null ? null : record.get(f.pos());
        return v == null ? null : v.toString();
    }

    private static void count(KStream<String, String> instruments, String store) {
        instruments.groupBy((runId, instrumentId) -> instrumentId, Grouped.with(store + "-by-instrument", Serdes.String(), Serdes.String()))
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(store)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
    }

    private static <T extends SpecificRecord> Checked<T> validated(StreamsBuilder builder, String topic, Serde<T> serde,
                                                                   Function<T, Optional<Invalid>> check,
                                                                   Function<T, String> instrument, Function<T, String> runId,
                                                                   String name) {
        KStream<String, T> input = builder.stream(topic, Consumed.with(Serdes.String(), serde).withName(name + "-source"));
        KStream<String, RecordOrReason<T>> checked = input.processValues(
                () -> new DeadLetterRouter.Check<>(check, instrument, runId, "validate"), Named.as(name + "-validate"));
        KStream<String, Rejected> invalid = checked.filter((k, v) -> v.rejected() != null, Named.as(name + "-invalid"))
                .mapValues(RecordOrReason::rejected, Named.as(name + "-to-rejected"));
        invalid.to(Topics.DEAD_LETTERS, Produced.with(Serdes.String(), AvroSerde.of(Rejected.class)).withName(name + "-dead-letters"));
        return new Checked<>(checked.filter((k, v) -> v.record() != null, Named.as(name + "-valid"))
                .mapValues(RecordOrReason::record, Named.as(name + "-unwrap")), invalid);
    }

    /** Holds either a valid record or the dead letter made from it. */
    public record RecordOrReason<T>(T record, Rejected rejected) {
    }

    /**
     * The validated acquisition streams, keyed by run id; the acquisition records dead-lettered at decode or
     * validation as read back from the dead-letter topic (keyed by run id when it could be read); and, per topic, the
     * dead letters made by validation here, so later stages can account for every record published without a round
     * trip through the dead-letter topic.
     */
    public record Validated(KStream<String, Frame> frames, KStream<String, ElectrochemBlock> electrochem,
                            KStream<String, TriggerMark> marks, KStream<String, Rejected> deadLettered,
                            KStream<String, Rejected> invalidFrames, KStream<String, Rejected> invalidElectrochem,
                            KStream<String, Rejected> invalidMarks) {
    }
}
