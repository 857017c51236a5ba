package org.operando.ops.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;
import org.operando.schemas.Topics;

/**
 * Kafka's own throughput on the broker the benchmark uses, measured with Kafka's tools (kafka-tools'
 * {@code ProducerPerformance} and {@code ConsumerPerformance}, run in this JVM through their {@code main}): records of
 * a fixed size (512 KiB, about an EM frame of 512² u16) to and from a one-partition topic, acks=all, idempotent.
 * The processors' rates are stated against these, measured minutes apart on the same broker.
 */
public final class KafkaBaseline {
    /** Bytes per record, as the issue states Kafka's figures. */
    public static final int RECORD_BYTES = 512 * 1024;
    static final String TOPIC = "operando.bench.perf";
    private static final Pattern PRODUCER = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec");

    /** MB/s (10⁶ bytes) of the producer and of the consumer (fetch time, without its group join), and what was moved. */
    public record Result(double producerMBps, double consumerMBps, long records, int recordBytes) {
    }

    private KafkaBaseline() {
    }

    /** Creates the perf topic, produces {@code records} records, consumes them back; the tools' output goes to {@code log}. */
    public static Result measure(String bootstrap, int records, PrintStream log) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1).configs(Map.of("max.message.bytes",
                        Integer.toString(Topics.MAX_RECORD_BYTES))))).all().get(30, TimeUnit.SECONDS);
            }
        }
        String produced = capture(log, () -> ProducerPerformance.main(new String[] {"--topic", TOPIC, "--num-records",
                Integer.toString(records), "--record-size", Integer.toString(RECORD_BYTES), "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true", "max.request.size=" + Topics.MAX_RECORD_BYTES,
                "buffer.memory=268435456"}));
        Matcher m = PRODUCER.matcher(produced);
        double recordsPerS = Double.NaN;
        while (m.find()) {
            recordsPerS = Double.parseDouble(m.group(2)); // the last such line is the summary
        }
        String consumed = capture(log, () -> ConsumerPerformance.main(new String[] {"--bootstrap-server", bootstrap, "--topic", TOPIC,
                "--messages", Integer.toString(records), "--timeout", "60000", "--fetch-size", Integer.toString(4 * RECORD_BYTES)}));
        return new Result(recordsPerS * RECORD_BYTES / 1e6, consumerMBps(consumed), records, RECORD_BYTES);
    }

    /**
     * ConsumerPerformance's summary line: start, end, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms,
     * fetch.MB.sec, fetch.nMsg.sec, its MB being MiB. The fetch rate leaves out joining the group.
     */
    static double consumerMBps(String output) {
        List<String> lines = output.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String[] f = lines.get(i).split(",\\s*");
            if (f.length >= 10 && !f[0].startsWith("start.time")) {
                try {
                    return Double.parseDouble(f[8]) * 1024 * 1024 / 1e6;
                } catch (NumberFormatException ignored) {
                    // not the summary line
                }
            }
        }
        return Double.NaN;
    }

    private interface Tool {
        void run() throws Exception;
    }

    /** Runs a tool with its standard output captured (and copied to {@code log}); a tool's exit becomes an exception. */
    private static synchronized String capture(PrintStream log, Tool tool) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                buffer.write(b);
                log.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
                log.write(b, off, len);
            }
        };
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Kafka tool exited with " + code + (message == null ? "" : ": " + message));
        });
        System.setOut(new PrintStream(both, true, StandardCharsets.UTF_8));
        try {
            tool.run();
        } finally {
            System.out.flush();
            System.setOut(original);
            Exit.resetExitProcedure();
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
