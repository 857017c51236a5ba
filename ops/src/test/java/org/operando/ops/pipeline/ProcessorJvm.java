package org.operando.ops.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code operando process} instance in its own JVM, as an operator would start it ({@code bin/operando}'s JVM
 * flags, the test JVM's classpath), with its output in a log file. {@link #kill()} is {@code kill -9}: no shutdown
 * hook, no clean close, an open transaction left dangling; {@link #stop()} is Ctrl-C (SIGTERM, clean close).
 */
final class ProcessorJvm implements AutoCloseable {
    /** bin/operando's JVM flags (Chronicle Queue on Java 17+, trusted Avro package), with a smaller heap for tests. */
    static final List<String> JVM_FLAGS = List.of("-Xmx1g",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true",
            "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.operando.schema",
            // the processors' own warnings (dead letters, resumed runs) and Streams' state changes go to the log
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn",
            "-Dorg.slf4j.simpleLogger.log.kafka=error", "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.streams=warn");

    private final String name;
    private final Path log;
    private final Process process;

    private ProcessorJvm(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code operando --bootstrap-servers B process --application-id APP --state-dir DIR --set K=V ...};
     * {@code settings} are passed with {@code --set} (processor, Streams and client settings alike).
     */
    static ProcessorJvm start(String name, String bootstrap, String applicationId, Path workDir, Map<String, String> settings,
                              List<String> extraArgs) throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        // surefire/failsafe may run the tests from a manifest-only jar; the real classpath is in this property then
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.addAll(List.of("org.operando.ops.Main", "--bootstrap-servers", bootstrap, "process",
                "--application-id", applicationId, "--state-dir", workDir.resolve(name + "-state").toString()));
        settings.forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
        command.addAll(extraArgs);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ProcessorJvm(name, log, p);
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as {@code kill -9}; waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (Ctrl-C): the command closes Kafka Streams cleanly; forced after 60 s. */
    void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Killed at once, not stopped: a child still closing its producers after the test's brokers are gone could reach
     * a later test's broker on a reused port with its old producer ids and sequences (seen as OutOfOrderSequence
     * storms that stalled the next IT's producer).
     */
    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
