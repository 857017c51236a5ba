package org.operando.ops.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.operando.ops.pipeline.HostileRecords.Wire;
import org.operando.schema.Rejected;

/**
 * What the processors made of a run with hostile records, judged against the same run without them: for each
 * hostile kind, whether every bad record of it was dead-lettered with an acceptable code naming its own topic,
 * partition and offset; whether valid records were dead-lettered differently; whether the run's results differ.
 */
final class HostileOutcome {
    /** Where one published record landed. */
    record Placed(Wire wire, int partition, long offset) {
        String address() {
            return wire.topic() + "-" + partition + "@" + offset;
        }
    }

    /** What one pass produced: dead letters and the run's result records, per result stream, in order. */
    record Pass(List<Placed> published, List<Rejected> deadLetters, Map<String, List<String>> results) {
        /** Dead letters by the address of the record they name. */
        Map<String, List<Rejected>> byAddress() {
            Map<String, List<Rejected>> out = new HashMap<>();
            for (Rejected r : deadLetters) {
                out.computeIfAbsent(r.getSourceTopic() + "-" + r.getSourcePartition() + "@" + r.getSourceOffset(), k -> new ArrayList<>()).add(r);
            }
            return out;
        }

        /**
         * Dead letters of the run's valid records as "n-th valid record of topic: stage code", independent of where hostile
         * records shifted their offsets.
         */
        TreeSet<String> validDeadLetters() {
            Map<String, List<Rejected>> dead = byAddress();
            Map<String, Integer> nth = new HashMap<>();
            TreeSet<String> out = new TreeSet<>();
            for (Placed p : published) {
                if (p.wire().kind() != null) {
                    continue;
                }
                int n = nth.merge(p.wire().topic(), 1, Integer::sum);
                for (Rejected r : dead.getOrDefault(p.address(), List.of())) {
                    out.add(p.wire().topic() + " #" + n + ": " + r.getStage() + " " + r.getReasonCode());
                }
            }
            return out;
        }
    }

    private HostileOutcome() {
    }

    /** Per kind present in {@code hostile}: empty when every bad record of it was dead-lettered as expected, else why not. */
    static Map<HostileKind, String> deadLetterFailures(Pass hostile) {
        Map<String, List<Rejected>> dead = hostile.byAddress();
        Map<HostileKind, String> out = new TreeMap<>();
        for (Placed p : hostile.published()) {
            HostileKind kind = p.wire().kind();
            if (kind == null || !p.wire().bad()) {
                continue;
            }
            List<Rejected> letters = dead.getOrDefault(p.address(), List.of());
            String problem = null;
            if (letters.isEmpty()) {
                problem = "no dead letter names " + p.address();
            } else if (letters.stream().noneMatch(r -> kind.codes.contains(r.getReasonCode()))) {
                problem = p.address() + " dead-lettered as " + letters.stream().map(r -> r.getStage() + " " + r.getReasonCode()
                        + " (" + r.getReason() + ")").toList() + "; expected one of " + kind.codes;
            }
            if (problem != null) {
                out.merge(kind, problem, (a, b) -> a + "; " + b);
            }
        }
        return out;
    }

    /** Result streams of the run that differ from the clean run's, with the first difference; empty when identical. */
    static Map<String, String> resultDifferences(Pass clean, Pass hostile) {
        Map<String, String> out = new LinkedHashMap<>();
        TreeSet<String> streams = new TreeSet<>(clean.results().keySet());
        streams.addAll(hostile.results().keySet());
        for (String stream : streams) {
            List<String> a = clean.results().getOrDefault(stream, List.of());
            List<String> b = hostile.results().getOrDefault(stream, List.of());
            if (a.equals(b)) {
                continue;
            }
            int i = 0;
            while (i < Math.min(a.size(), b.size()) && a.get(i).equals(b.get(i))) {
                i++;
            }
            out.put(stream, a.size() + " records without hostile input, " + b.size() + " with; first difference at record " + i);
        }
        return out;
    }
}
