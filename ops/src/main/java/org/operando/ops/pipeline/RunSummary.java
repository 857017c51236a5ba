package org.operando.ops.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.operando.schema.Modality;

/**
 * The end-of-run summary: run id, duration, per-stream completeness, throughput, and one section per stage that
 * scores itself (sync, drift, registration, correlation, latencyMs). Sections are added by name, so stages grow it
 * without touching each other.
 */
public final class RunSummary {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectNode root = JSON.createObjectNode();

    public RunSummary(String runId, double durationS) {
        root.put("runId", runId);
        root.put("durationS", round(durationS, 3));
        root.putObject("streams");
        root.putObject("throughput");
    }

    public void stream(String instrumentId, Modality modality, long produced, long processed, long deadLettered) {
        ObjectNode s = ((ObjectNode) root.get("streams")).putObject(instrumentId);
        s.put("modality", modality.name());
        s.put("produced", produced);
        s.put("processed", processed);
        s.put("deadLettered", deadLettered);
        s.put("complete", produced == processed + deadLettered);
    }

    public void throughput(double framesPerS, double mbPerS, long frames, double megabytes) {
        ObjectNode t = (ObjectNode) root.get("throughput");
        t.put("framesPerS", round(framesPerS, 2));
        t.put("mbPerS", round(mbPerS, 2));
        t.put("frames", frames);
        t.put("megabytes", round(megabytes, 2));
    }

    /** Adds (or replaces) a named section; the value is any Jackson-serializable object (maps, records, numbers). */
    public void section(String name, Object value) {
        root.set(name, JSON.valueToTree(value));
    }

    public ObjectNode json() {
        return root;
    }

    public boolean allStreamsComplete() {
        var complete = new boolean[] {true};
        root.get("streams").forEach(s -> complete[0] &= s.get("complete").asBoolean());
        return complete[0];
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), root);
    }

    /** A human-readable table of the summary. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%n=== Operando run %s: %.1f s ===%n", root.get("runId").asText(), root.get("durationS").asDouble()));
        sb.append(String.format("%-12s %-12s %10s %10s %8s  %s%n", "stream", "modality", "produced", "processed", "dead", "complete"));
        root.get("streams").properties().forEach(e -> {
            var s = e.getValue();
            sb.append(String.format("%-12s %-12s %10d %10d %8d  %s%n", e.getKey(), s.get("modality").asText(),
                    s.get("produced").asLong(), s.get("processed").asLong(), s.get("deadLettered").asLong(),
                    s.get("complete").asBoolean() ? "yes" : "NO"));
        });
        var t = root.get("throughput");
        sb.append(String.format("throughput: %.1f frames/s, %.1f MB/s (%d frames, %.1f MB)%n", t.get("framesPerS").asDouble(),
                t.get("mbPerS").asDouble(), t.get("frames").asLong(), t.get("megabytes").asDouble()));
        for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e : root.properties()) {
            if (!Map.of("runId", 1, "durationS", 1, "streams", 1, "throughput", 1).containsKey(e.getKey())) {
                sb.append(e.getKey()).append(": ").append(e.getValue().toString()).append('\n');
            }
        }
        return sb.toString();
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
