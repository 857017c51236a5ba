package org.operando.ops.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code promtool check metrics} on a Prometheus exposition and returns its complaints (empty: valid
 * and lint-clean). promtool reads the exposition on stdin and exits non-zero on a parse error or lint problem.
 */
final class PromtoolCheck {
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private PromtoolCheck() {
    }

    static boolean available() {
        return Files.isExecutable(PROMTOOL);
    }

    /** Only the {@code operando_*} families of an exposition (ours, held to every lint rule). */
    static String operandoFamilies(String exposition) {
        return exposition.lines().filter(l -> l.startsWith("operando_") || l.startsWith("# HELP operando_")
                || l.startsWith("# TYPE operando_")).map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
    }

    /** True when promtool could not parse the text at all (as opposed to naming lint on third-party meters). */
    static boolean isParseError(String problem) {
        return problem.contains("error while linting") || problem.contains("parsing error");
    }

    static List<String> problems(String exposition) throws IOException, InterruptedException {
        if (!available()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + PROMTOOL + " is missing: install Debian's prometheus package");
            }
            org.junit.jupiter.api.Assumptions.abort("promtool not installed");
        }
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool did not finish within 30 s");
        }
        return p.exitValue() == 0 ? List.of() : output.lines().filter(l -> !l.isBlank()).toList();
    }
}
