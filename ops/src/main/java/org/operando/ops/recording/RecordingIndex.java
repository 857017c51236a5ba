package org.operando.ops.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code index.json} beside a recorded run: what is in the archive, for humans and for replay's progress.
 *
 * @param runId             the recorded run
 * @param instruments       instrument ids seen (from the instrument header), sorted
 * @param recordsPerTopic   records captured per topic
 * @param bytes             key and value bytes captured
 * @param firstTimestampMs  earliest Kafka record timestamp, ms since the epoch (0 when empty)
 * @param lastTimestampMs   latest Kafka record timestamp, ms since the epoch (0 when empty)
 * @param firstMasterTimeNs earliest master-clock time named in a record (RunStart, RunStop, GroundTruth), ns;
 *                          null when no captured record states one
 * @param lastMasterTimeNs  latest such master-clock time, ns; null when none
 * @param includesResults   whether the derived (result) topics were captured too
 */
public record RecordingIndex(String runId, List<String> instruments, Map<String, Long> recordsPerTopic, long bytes,
                             long firstTimestampMs, long lastTimestampMs, Long firstMasterTimeNs, Long lastMasterTimeNs,
                             boolean includesResults) {
    public static final String FILE = "index.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RecordingIndex {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("A recording index needs a run id");
        }
        instruments = List.copyOf(instruments);
        recordsPerTopic = Map.copyOf(recordsPerTopic);
    }

    public long records() {
        return recordsPerTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    public void write(Path dir) {
        try {
            JSON.writeValue(dir.resolve(FILE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dir.resolve(FILE), e);
        }
    }

    public static RecordingIndex read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            return JSON.readValue(file.toFile(), RecordingIndex.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a recorded run: cannot read " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
