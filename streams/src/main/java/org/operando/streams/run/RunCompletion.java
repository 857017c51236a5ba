package org.operando.streams.run;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.operando.schema.RunStop;

/**
 * When a run can be closed. {@code RunStop} says how many acquisition records each instrument published; the run's last
 * windows are closed once every one of them has been seen, processed or dead-lettered at ingest. So a run's end does
 * not depend on where the {@code RunStop} (on the runs topic) falls among the other topics' records, which Kafka
 * Streams interleaves by timestamp, with ties and fetch timing deciding the rest. The recorder uses it too, to stop
 * once a live run has been recorded to its end.
 */
public final class RunCompletion {
    private final Map<String, Long> seen = new HashMap<>();
    private RunStop stop;
    private boolean closed;

    /** One acquisition record of {@code instrumentId} was seen (processed, or dead-lettered before processing). */
    public void seen(String instrumentId) {
        seen.merge(instrumentId == null ? "unknown" : instrumentId, 1L, Long::sum);
    }

    /** The run's stop record; a repeated one changes nothing. */
    public void stop(RunStop record) {
        if (stop == null) {
            stop = record;
        }
    }

    /** The stop record, once received. */
    public RunStop stopRecord() {
        return stop;
    }

    /** True when the stop record has come and every record it announces has been seen, and the run is not closed yet. */
    public boolean readyToClose() {
        return stop != null && !closed && missing().isEmpty();
    }

    /** True while the stop record has come but records it announces have not. */
    public boolean waiting() {
        return stop != null && !closed && !missing().isEmpty();
    }

    public void closed() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Records announced by the stop record but not seen yet, per instrument. */
    public Map<String, Long> missing() {
        Map<String, Long> out = new TreeMap<>();
        if (stop == null) {
            return out;
        }
        stop.getRecordsPublished().forEach((id, n) -> {
            long notSeen = n - seen.getOrDefault(id, 0L);
            if (notSeen > 0) {
                out.put(id, notSeen);
            }
        });
        return out;
    }
}
