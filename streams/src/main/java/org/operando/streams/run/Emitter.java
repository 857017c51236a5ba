package org.operando.streams.run;

import org.apache.avro.specific.SpecificRecord;

/**
 * Where a stage sends its output records (result records and dead letters); the processor routes them by type. A stage
 * also reports events worth counting that make no record ({@link #count}), e.g. a frame pair that could not be
 * registered; the processor counts them in a Kafka Streams metric (once: not again when a run's state is rebuilt).
 */
@FunctionalInterface
public interface Emitter {
    /** A registration of an EM frame with an optical frame failed (too few fiducials matched). */
    String REGISTRATION_FAILED = "registration-failed";

    void emit(SpecificRecord record);

    /** Counts one {@code event} (a fixed, small set of names such as {@link #REGISTRATION_FAILED}); no record is made. */
    default void count(String event) {
    }
}
