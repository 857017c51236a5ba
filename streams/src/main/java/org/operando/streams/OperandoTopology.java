package org.operando.streams;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;
import org.operando.schema.ClockModel;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.CorrelationResult;
import org.operando.schema.DriftEstimate;
import org.operando.schema.FrameAnalysis;
import org.operando.schema.Registration;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schemas.AnyRecordSerde;
import org.operando.schemas.RunPartitioning;
import org.operando.schemas.Topics;
import org.operando.streams.ingest.IngestTopology;
import org.operando.streams.pixels.FrameAnalysisProcessor;
import org.operando.streams.pixels.InstrumentModalities;
import org.operando.streams.run.RunProcessor;

/**
 * All of Operando's processing stages as one Streams application, in two kinds of task (docs/decisions/005):
 * <ol>
 *   <li><b>pixel tasks</b>, one per partition of the frames topic: ingest (decode, validate) and the pixel stage
 *       ({@code frame-analysis}: drift, image features, fiducials; state in {@code pixel-drift}, {@code pixel-held}),
 *       which turns each frame into a small {@code FrameAnalysis}, sent to its run's partition through the
 *       {@code frame-analysis} repartition topic. A run's frames spread over partitions by instrument, so its
 *       cameras are analysed by several threads and instances at once.</li>
 *   <li><b>run tasks</b>, one per partition of the run-keyed topics (runs, triggers, EC, frame analyses, dead letters
 *       from decoding): ingest, then the per-run stages ({@code run-stages}: clock sync and restamping, alignment,
 *       drift on the master clock, co-registration from the fiducials, correlation; state in {@code run-log},
 *       {@code run-index}), each result type written to its topic.</li>
 * </ol>
 * The run tasks also publish each run's instrument modalities, which every pixel task reads from a global store.
 */
public final class OperandoTopology {
    private OperandoTopology() {
    }

    public static Topology buildTopology(OperandoStreamsConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        IngestTopology.Validated in = IngestTopology.addTo(builder);

        // run metadata for the pixel stage: a global store of instrument modalities
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(InstrumentModalities.STORE),
                        Serdes.String(), Serdes.String()).withLoggingDisabled(), Topics.INSTRUMENT_MODALITIES,
                Consumed.with(Serdes.String(), Serdes.String()).withName("modalities-source"), InstrumentModalities::new);

        // pixel tasks: frames (valid, and the dead letters of invalid ones, which the run still counts) -> analyses
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FrameAnalysisProcessor.DRIFT_STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FrameAnalysisProcessor.HOLD_STORE),
                Serdes.String(), Serdes.ByteArray()));
        KStream<String, SpecificRecord> analysed = in.frames().mapValues(v -> (SpecificRecord) v, Named.as("frames-as-records"))
                .merge(in.invalidFrames().mapValues(v -> (SpecificRecord) v, Named.as("invalid-frames-as-records")),
                        Named.as("merge-invalid-frames"))
                .process(() -> new FrameAnalysisProcessor(config), Named.as("frame-analysis"),
                        FrameAnalysisProcessor.DRIFT_STORE, FrameAnalysisProcessor.HOLD_STORE);
        analysed.filter((k, v) -> v instanceof Rejected, Named.as("frame-analysis-dead-letters"))
                .to(Topics.DEAD_LETTERS, Produced.with(Serdes.String(), new AnyRecordSerde()).withName("pixel-dead-letters"));
        KStream<String, SpecificRecord> analyses = analysed
                .filter((k, v) -> v instanceof FrameAnalysis, Named.as("frame-analyses"))
                .repartition(Repartitioned.<String, SpecificRecord>as("frame-analysis")
                        .withKeySerde(Serdes.String()).withValueSerde(new AnyRecordSerde())
                        .withStreamPartitioner(toRunPartition()));

        // run tasks: run metadata, marks, EC, analyses and decode dead letters, all keyed (and partitioned) by run
        KStream<String, SpecificRecord> runs = IngestTopology.validatedRuns(builder);
        runs.flatMap((k, v) -> InstrumentModalities.entries(v), Named.as("instrument-modalities"))
                .to(Topics.INSTRUMENT_MODALITIES, Produced.with(Serdes.String(), Serdes.String()).withName("modalities-sink"));
        KStream<String, SpecificRecord> all = runs
                .merge(in.marks().mapValues(v -> (SpecificRecord) v, Named.as("marks-as-records")), Named.as("merge-marks"))
                .merge(in.electrochem().mapValues(v -> (SpecificRecord) v, Named.as("ec-as-records")), Named.as("merge-ec"))
                .merge(analyses, Named.as("merge-analyses"))
                .merge(in.invalidMarks().merge(in.invalidElectrochem(), Named.as("merge-invalid-ec"))
                        .mapValues(v -> (SpecificRecord) v, Named.as("invalid-as-records")), Named.as("merge-invalid"))
                .merge(in.deadLettered().filter((k, v) -> k != null && "decode".equals(v.getStage())
                                && Topics.ACQUISITION.contains(v.getSourceTopic()), Named.as("acquisition-decode-dead-letters"))
                        .mapValues(v -> (SpecificRecord) v, Named.as("dead-letters-as-records")), Named.as("merge-dead-letters"));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RunProcessor.LOG_STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RunProcessor.INDEX_STORE),
                Serdes.String(), Serdes.ByteArray()));
        all.process(() -> new RunProcessor(config), Named.as("run-stages"), RunProcessor.LOG_STORE, RunProcessor.INDEX_STORE)
                .to((key, value, context) -> topicFor(value), Produced.with(Serdes.String(), new AnyRecordSerde()).withName("results"));
        return builder.build();
    }

    /**
     * Analyses go to the partition of their run's other records: the one the frame's producer named in its header,
     * else the one the frame was read from (RunPartitioning).
     */
    static StreamPartitioner<String, SpecificRecord> toRunPartition() {
        return (topic, key, value, partitions) -> {
            int p = value instanceof FrameAnalysis a ? a.getRunPartition() : -1;
            if (p < 0 || p >= partitions) {
                p = key == null ? 0 : RunPartitioning.runPartition(key, partitions);
            }
            return java.util.Optional.of(java.util.Set.of(p));
        };
    }

    /** The topic each result type is written to. */
    static String topicFor(SpecificRecord record) {
        if (record instanceof CorrelatedSample) {
            return Topics.CORRELATED;
        } else if (record instanceof ClockModel) {
            return Topics.CLOCK_MODELS;
        } else if (record instanceof DriftEstimate) {
            return Topics.DRIFT;
        } else if (record instanceof Registration) {
            return Topics.REGISTRATIONS;
        } else if (record instanceof CorrelationResult) {
            return Topics.CORRELATION_RESULTS;
        } else if (record instanceof Rejected) {
            return Topics.DEAD_LETTERS;
        }
        throw new IllegalStateException("No topic for result type " + record.getSchema().getFullName());
    }
}
