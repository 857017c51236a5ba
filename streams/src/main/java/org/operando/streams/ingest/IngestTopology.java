package org.operando.streams.ingest;

import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
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
import org.operando.schema.Rejected;
import org.operando.schema.TriggerMark;
import org.operando.schemas.AvroSerde;
import org.operando.schemas.Topics;
import org.operando.schemas.Validation;
import org.operando.streams.DeadLetterRouter;

/**
 * Ingest: every acquisition record is decoded (undecodable ones become dead letters through
 * {@link org.operando.schemas.DeadLetterHandler}), validated (invalid ones become dead letters here), and counted per
 * instrument. Dead letters are counted per instrument too, so completeness can be checked:
 * produced = processed + dead-lettered for every stream.
 */
public final class IngestTopology {
    /** Valid records per instrument id (count). */
    public static final String PROCESSED_STORE = "processed-counts";
    /** Ingest dead letters (decode, validate) per instrument id (count); "unknown" when the instrument could not be told. */
    public static final String DEAD_LETTER_STORE = "dead-letter-counts";

    /** Dead letters of these stages replace processing; later stages' dead letters come on top of it. */
    public static final java.util.Set<String> INGEST_STAGES = java.util.Set.of("decode", "validate");

    private IngestTopology() {
    }

    public static Topology buildTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder);
        return builder.build();
    }

    /** Adds the ingest stage to {@code builder}; returns the validated streams for later stages. */
    public static Validated addTo(StreamsBuilder builder) {
        Checked<Frame> checkedFrames = validated(builder, Topics.FRAMES, Frame.class, Validation::check,
                Frame::getInstrumentId, "frames");
        Checked<ElectrochemBlock> checkedEc = validated(builder, Topics.ELECTROCHEM, ElectrochemBlock.class,
                Validation::check, ElectrochemBlock::getInstrumentId, "ec");
        Checked<TriggerMark> checkedMarks = validated(builder, Topics.TRIGGERS, TriggerMark.class, Validation::check,
                TriggerMark::getInstrumentId, "triggers");
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

        KStream<String, Rejected> ingestDeadLetters = builder
                .stream(Topics.DEAD_LETTERS, Consumed.with(Serdes.String(), AvroSerde.of(Rejected.class)).withName("dead-letter-source"))
                .filter((k, r) -> r != null && INGEST_STAGES.contains(r.getStage()), Named.as("ingest-dead-letters"));
        count(ingestDeadLetters.mapValues(r -> r.getInstrumentId() == null ? "unknown" : r.getInstrumentId(),
                Named.as("dead-letter-instrument")), DEAD_LETTER_STORE);
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

    private static void count(KStream<String, String> instruments, String store) {
        instruments.groupBy((runId, instrumentId) -> instrumentId, Grouped.with(store + "-by-instrument", Serdes.String(), Serdes.String()))
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(store)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
    }

    private static <T extends SpecificRecord> Checked<T> validated(StreamsBuilder builder, String topic, Class<T> type,
                                                                           Function<T, Optional<String>> check,
                                                                           Function<T, String> instrument, String name) {
        KStream<String, T> input = builder.stream(topic, Consumed.with(Serdes.String(), AvroSerde.of(type)).withName(name + "-source"));
        KStream<String, RecordOrReason<T>> checked = input.processValues(
                () -> new DeadLetterRouter.Check<>(check, instrument, "validate"), Named.as(name + "-validate"));
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
