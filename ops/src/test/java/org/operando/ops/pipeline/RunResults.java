package org.operando.ops.pipeline;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.operando.ops.scoring.RunRecords;
import org.operando.schema.ClockModel;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.CorrelationResult;
import org.operando.schema.DriftEstimate;
import org.operando.schema.Registration;
import org.operando.schema.Rejected;
import org.operando.schemas.RecordDecodeException;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

/**
 * Every result record and dead letter of some runs, read with read_committed, decoded, and grouped per (run,
 * instrument, result type), for comparing two processings of the same input record by record.
 *
 * <p>Result records keep their order: within a (run, instrument, type) group it is the order the run's stages
 * emitted them, which the processors promise (amendments are later records with a higher revision). Dead letters
 * are sorted by their source topic, partition, offset and stage: ingest and the run stages write them from different
 * processors, so their interleaving in the topic says nothing about the answer.
 *
 * <p>No field is ignored: none of the result schemas carries a processing-time (wall-clock) value, and a dead letter's
 * source offset is the same on both sides when the same publisher wrote the same sequence to both clusters.
 */
final class RunResults {
    /** Topics compared: every result topic and the dead letters. */
    static final List<String> TOPICS = List.of(Topics.CLOCK_MODELS, Topics.CORRELATED, Topics.DRIFT, Topics.REGISTRATIONS,
            Topics.CORRELATION_RESULTS, Topics.DEAD_LETTERS);

    /** A group: run (label), instrument, record type. */
    record Key(String run, String instrument, String type) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return Comparator.comparing(Key::run).thenComparing(Key::instrument).thenComparing(Key::type).compare(this, o);
        }

        @Override
        public String toString() {
            return run + " " + instrument + " " + type;
        }
    }

    /** One record: what identifies it within its group, and its fields rendered (bytes as length and digest). */
    record Rendered(String identity, Map<String, String> fields) {
        String text() {
            return fields.toString();
        }
    }

    private RunResults() {
    }

    /**
     * Reads the runs' records; {@code labels} maps each run id to the name it is compared under (its id, or a common
     * name when the same input was published under two run ids), and that name replaces the records' run id field.
     */
    static Map<Key, List<Rendered>> read(Map<String, Object> clientConfig, Map<String, String> labels) {
        Map<Key, List<Rendered>> out = new TreeMap<>();
        labels.forEach((runId, label) -> RunRecords.read(clientConfig, runId, TOPICS).forEach((topic, records) -> {
            Map<String, Integer> ordinal = new TreeMap<>();
            for (SpecificRecord r : records) {
                String instrument = String.valueOf(r.get(r.getSchema().getField("instrumentId").pos()));
                String type = r.getSchema().getName();
                Key key = new Key(label, instrument, type);
                int n = ordinal.merge(key.toString(), 1, Integer::sum) - 1;
                out.computeIfAbsent(key, k -> new ArrayList<>()).add(new Rendered(identity(r, n), render(r, label)));
            }
        }));
        out.forEach((key, list) -> {
            if (key.type().equals(Rejected.class.getSimpleName())) {
                list.sort(Comparator.comparing(Rendered::identity).thenComparing(Rendered::text));
            }
        });
        return out;
    }

    /** Total records over all groups of one type. */
    static long count(Map<Key, List<Rendered>> results, Class<? extends SpecificRecord> type) {
        return results.entrySet().stream().filter(e -> e.getKey().type().equals(type.getSimpleName()))
                .mapToLong(e -> e.getValue().size()).sum();
    }

    /** Dead letters per stage over all groups, e.g. {align=235}: a fault-free run should have none. */
    static Map<String, Long> deadLettersByStage(Map<Key, List<Rendered>> results) {
        Map<String, Long> out = new TreeMap<>();
        results.forEach((key, list) -> {
            if (key.type().equals(Rejected.class.getSimpleName())) {
                list.forEach(r -> out.merge(r.fields().get("stage"), 1L, Long::sum));
            }
        });
        return out;
    }

    /** Up to {@code n} distinct dead-letter reasons (instrument, stage: reason), for a failure message. */
    static List<String> deadLetterReasons(Map<Key, List<Rendered>> results, int n) {
        return results.entrySet().stream().filter(e -> e.getKey().type().equals(Rejected.class.getSimpleName()))
                .flatMap(e -> e.getValue().stream().map(r -> e.getKey().instrument() + ", " + r.fields().get("stage") + ": "
                        + r.fields().get("reason")))
                .distinct().limit(n).toList();
    }

    /** What names a record within its group: its sequence, window or revision; clock models have none but their place. */
    static String identity(SpecificRecord r, int ordinal) {
        if (r instanceof CorrelatedSample s) {
            return "em " + s.getEmSequence() + " rev " + s.getRevision();
        } else if (r instanceof DriftEstimate d) {
            return "seq " + d.getSequence();
        } else if (r instanceof Registration g) {
            return "em " + g.getEmSequence();
        } else if (r instanceof CorrelationResult c) {
            return c.getKind() + " " + c.getFeature() + " rev " + c.getRevision();
        } else if (r instanceof Rejected d) {
            return String.format("%s-%d@%010d %s", d.getSourceTopic(), d.getSourcePartition(), d.getSourceOffset(), d.getStage());
        } else if (r instanceof ClockModel) {
            return "#" + ordinal;
        }
        return "#" + ordinal;
    }

    /**
     * Each field as text, the run id replaced by its label. A dead letter's key is the run id's bytes and its value,
     * when it is an Operando record, names the run too: both are compared with the run id replaced as well.
     */
    private static Map<String, String> render(SpecificRecord r, String runLabel) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Schema.Field f : r.getSchema().getFields()) {
            Object v = f.name().equals("runId") ? runLabel : r.get(f.pos());
            if (r instanceof Rejected && f.name().equals("key") && v != null) {
                v = runLabel;
            } else if (r instanceof Rejected && f.name().equals("value") && v instanceof ByteBuffer b) {
                v = withRunLabel(b, runLabel);
            }
            fields.put(f.name(), v instanceof ByteBuffer b ? digest(b) : String.valueOf(v));
        }
        return fields;
    }

    private static ByteBuffer withRunLabel(ByteBuffer value, String runLabel) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        try {
            SpecificRecord inner = SchemaRegistry.get().decodeAny(bytes);
            Schema.Field run = inner.getSchema().getField("runId");
            if (run != null) {
                inner.put(run.pos(), runLabel);
            }
            return ByteBuffer.wrap(SchemaRegistry.get().encode(inner));
        } catch (RecordDecodeException e) {
            return value; // not decodable (a corrupt record dead-lettered at ingest): compared as it is
        }
    }

    private static String digest(ByteBuffer b) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(b.duplicate());
            return b.remaining() + " bytes sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
