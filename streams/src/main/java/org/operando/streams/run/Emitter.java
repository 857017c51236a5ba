package org.operando.streams.run;

import org.apache.avro.specific.SpecificRecord;

/** Where a stage sends its output records (result records and dead letters); the processor routes them by type. */
@FunctionalInterface
public interface Emitter {
    void emit(SpecificRecord record);
}
