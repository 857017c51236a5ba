package org.operando.ops.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares two sets of run results group by group, record by record, and says how they differ in a summary a person
 * can act on: per (run, instrument, type) the counts on each side, which records only one side has (by identity:
 * sequence, window, revision) and, for records both have, which fields differ and how.
 */
final class ResultDiff {
    private static final int EXAMPLES = 4;
    private static final int FIELDS = 4;

    /** One group that is not identical. */
    record GroupDiff(RunResults.Key key, int expected, int actual, int identical, List<String> onlyExpected,
                     List<String> onlyActual, List<String> changed, boolean sameRecordsOtherOrder, List<String> reasons) {
        String describe(String expectedName, String actualName) {
            StringBuilder b = new StringBuilder(String.format("  %-40s %s %4d, %s %4d: %d identical", key, expectedName, expected,
                    actualName, actual, identical));
            if (sameRecordsOtherOrder) {
                b.append("; the same records in another order");
            }
            if (!onlyExpected.isEmpty()) {
                b.append(String.format("; %d only in %s %s", onlyExpected.size(), expectedName, examples(onlyExpected)));
            }
            if (!onlyActual.isEmpty()) {
                b.append(String.format("; %d only in %s %s", onlyActual.size(), actualName, examples(onlyActual)));
            }
            if (!changed.isEmpty()) {
                b.append(String.format("; %d differ, e.g.%n      %s", changed.size(),
                        String.join("\n      ", changed.subList(0, Math.min(EXAMPLES, changed.size())))));
            }
            reasons.forEach(r -> b.append(String.format("%n      reason: %s", r)));
            return b.toString();
        }

        private static String examples(List<String> ids) {
            return ids.subList(0, Math.min(EXAMPLES, ids.size())) + (ids.size() > EXAMPLES ? " ..." : "");
        }
    }

    private final List<GroupDiff> diffs = new ArrayList<>();
    private final int groups;

    private ResultDiff(Map<RunResults.Key, List<RunResults.Rendered>> expected, Map<RunResults.Key, List<RunResults.Rendered>> actual) {
        TreeSet<RunResults.Key> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        groups = keys.size();
        for (RunResults.Key key : keys) {
            List<RunResults.Rendered> e = expected.getOrDefault(key, List.of());
            List<RunResults.Rendered> a = actual.getOrDefault(key, List.of());
            if (!e.stream().map(RunResults.Rendered::text).toList().equals(a.stream().map(RunResults.Rendered::text).toList())) {
                diffs.add(compare(key, e, a));
            }
        }
    }

    static ResultDiff of(Map<RunResults.Key, List<RunResults.Rendered>> expected, Map<RunResults.Key, List<RunResults.Rendered>> actual) {
        return new ResultDiff(expected, actual);
    }

    boolean identical() {
        return diffs.isEmpty();
    }

    List<GroupDiff> diffs() {
        return diffs;
    }

    /** Every differing group, one paragraph each, after a headline. */
    String summary(String expectedName, String actualName) {
        if (diffs.isEmpty()) {
            return "identical: " + groups + " (run, instrument, type) groups";
        }
        return String.format("%d of %d (run, instrument, type) groups differ between %s and %s:%n", diffs.size(), groups,
                expectedName, actualName) + diffs.stream().map(d -> d.describe(expectedName, actualName)).collect(Collectors.joining("\n"));
    }

    private static GroupDiff compare(RunResults.Key key, List<RunResults.Rendered> e, List<RunResults.Rendered> a) {
        Map<String, RunResults.Rendered> byIdE = byIdentity(e);
        Map<String, RunResults.Rendered> byIdA = byIdentity(a);
        List<String> onlyE = new ArrayList<>();
        List<String> onlyA = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        int identical = 0;
        for (var entry : byIdE.entrySet()) {
            RunResults.Rendered other = byIdA.get(entry.getKey());
            if (other == null) {
                onlyE.add(entry.getKey());
            } else if (other.text().equals(entry.getValue().text())) {
                identical++;
            } else {
                changed.add(entry.getKey() + ": " + fieldDiff(entry.getValue(), other));
            }
        }
        byIdA.keySet().stream().filter(id -> !byIdE.containsKey(id)).forEach(onlyA::add);
        boolean reordered = onlyE.isEmpty() && onlyA.isEmpty() && changed.isEmpty() && e.size() == a.size();
        // dead letters only one side has: their distinct reasons (up to a few) say why
        List<String> reasons = java.util.stream.Stream.concat(onlyE.stream().map(byIdE::get), onlyA.stream().map(byIdA::get))
                .map(r -> r.fields().get("reason")).filter(java.util.Objects::nonNull).map(ResultDiff::abbreviate).distinct()
                .limit(EXAMPLES).toList();
        return new GroupDiff(key, e.size(), a.size(), identical, onlyE, onlyA, changed, reordered, reasons);
    }

    /** Records by identity; a repeated identity (the same window emitted twice) gets a suffix so both are counted. */
    private static Map<String, RunResults.Rendered> byIdentity(List<RunResults.Rendered> records) {
        Map<String, RunResults.Rendered> out = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (RunResults.Rendered r : records) {
            int n = seen.merge(r.identity(), 1, Integer::sum);
            out.put(n == 1 ? r.identity() : r.identity() + " (copy " + n + ")", r);
        }
        return out;
    }

    private static String fieldDiff(RunResults.Rendered e, RunResults.Rendered a) {
        List<String> out = new ArrayList<>();
        for (var f : e.fields().entrySet()) {
            String other = a.fields().get(f.getKey());
            if (!f.getValue().equals(other)) {
                out.add(f.getKey() + " " + abbreviate(f.getValue()) + " -> " + abbreviate(other));
            }
        }
        return String.join(", ", out.subList(0, Math.min(FIELDS, out.size()))) + (out.size() > FIELDS ? ", ..." : "");
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 160 ? s : s.substring(0, 157) + "...";
    }
}
