package org.operando.ops.export;

import java.util.Collection;
import java.util.function.Consumer;
import org.operando.ops.recording.RecordedRecord;

/** Where an export reads a run's records: the Kafka topics, or a recording of them. */
public interface RunSource extends AutoCloseable {
    String runId();

    /** For progress lines: "Kafka at HOST:PORT", "recording DIR". */
    String describe();

    /**
     * Hands every record of the run on {@code topics} to {@code sink}, from the beginning of each topic to the run's
     * end, in offset order within each partition (a run is keyed by its id, so it lies in one partition per topic).
     */
    void scan(Collection<String> topics, Consumer<RecordedRecord> sink);

    @Override
    void close();
}
