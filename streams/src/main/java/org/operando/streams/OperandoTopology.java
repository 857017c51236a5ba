package org.operando.streams;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.operando.schema.ClockModel;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.CorrelationResult;
import org.operando.schema.DriftEstimate;
import org.operando.schema.Registration;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schemas.AnyRecordSerde;
import org.operando.schemas.Topics;
import org.operando.streams.ingest.IngestTopology;
import org.operando.streams.run.RunProcessor;

/**
 * All of Operando's processing stages composed into one Streams application: ingest (decode, validate, count),
 * then per run: clock sync, alignment, drift correction, co-registration and correlation ({@link RunProcessor}),
 * each result type written to its topic.
 */
public final class OperandoTopology {
    private OperandoTopology() {
    }

    public static Topology buildTopology(OperandoStreamsConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        IngestTopology.Validated in = IngestTopology.addTo(builder);
        KStream<String, SpecificRecord> runs = builder
                .stream(Topics.RUNS, Consumed.with(Serdes.String(), new AnyRecordSerde()).withName("runs-source"))
                .filter((k, v) -> v instanceof StreamDescriptor || v instanceof RunStart || v instanceof RunStop, Named.as("run-metadata"));
        KStream<String, SpecificRecord> all = runs
                .merge(in.marks().mapValues(v -> (SpecificRecord) v, Named.as("marks-as-records")), Named.as("merge-marks"))
                .merge(in.frames().mapValues(v -> (SpecificRecord) v, Named.as("frames-as-records")), Named.as("merge-frames"))
                .merge(in.electrochem().mapValues(v -> (SpecificRecord) v, Named.as("ec-as-records")), Named.as("merge-ec"))
                .merge(in.deadLettered().filter((k, v) -> k != null && Topics.ACQUISITION.contains(v.getSourceTopic()),
                                Named.as("acquisition-dead-letters"))
                        .mapValues(v -> (SpecificRecord) v, Named.as("dead-letters-as-records")), Named.as("merge-dead-letters"));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RunProcessor.DESCRIPTOR_STORE),
                Serdes.String(), new AnyRecordSerde()));
        all.process(() -> new RunProcessor(config), Named.as("run-stages"), RunProcessor.DESCRIPTOR_STORE)
                .to((key, value, context) -> topicFor(value), Produced.with(Serdes.String(), new AnyRecordSerde()).withName("results"));
        return builder.build();
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
