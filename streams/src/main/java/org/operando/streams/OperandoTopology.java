package org.operando.streams;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.operando.streams.ingest.IngestTopology;

/** All of Operando's processing stages composed into one Streams application. */
public final class OperandoTopology {
    private OperandoTopology() {
    }

    public static Topology buildTopology(OperandoStreamsConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        IngestTopology.addTo(builder);
        return builder.build();
    }
}
