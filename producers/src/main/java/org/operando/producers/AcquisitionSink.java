package org.operando.producers;

/** Where a producer hands acquired records: straight to Kafka ({@link Publisher}) or through the local journal. */
public interface AcquisitionSink extends AutoCloseable {
    /** Accepts a record; it is counted in {@link #stats()} once the broker has acknowledged it. */
    void publish(Acquired item);

    /** Blocks until every accepted record is acknowledged by the broker. */
    void flush();

    /** Broker-acknowledged records and bytes per instrument and topic. */
    StreamStats stats();

    @Override
    void close();
}
