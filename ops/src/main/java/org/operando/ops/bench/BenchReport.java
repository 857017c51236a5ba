package org.operando.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's figures: Kafka's own rates, each backlog, each drain; as a table and as JSON. */
public final class BenchReport {
    private final KafkaBaseline.Result kafka;
    private final List<BacklogDrain.Backlog> backlogs = new ArrayList<>();
    private final List<BacklogDrain.Drain> drains = new ArrayList<>();
    private final Map<String, Object> settings;

    public BenchReport(KafkaBaseline.Result kafka, Map<String, Object> settings) {
        this.kafka = kafka;
        this.settings = settings;
    }

    public void add(BacklogDrain.Backlog backlog) {
        backlogs.add(backlog);
    }

    public void add(BacklogDrain.Drain drain) {
        drains.add(drain);
    }

    public List<BacklogDrain.Drain> drains() {
        return List.copyOf(drains);
    }

    /** A drain's input rate as a fraction of Kafka's producer rate on the same broker. */
    public double ratioToProducer(BacklogDrain.Drain d) {
        return d.inputMBps() / kafka.producerMBps();
    }

    public String toTable() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Kafka on this broker (kafka-tools, %d records of %d KiB, acks=all, one partition): "
                        + "ProducerPerformance %.1f MB/s, ConsumerPerformance %.1f MB/s%n%n", kafka.records(), kafka.recordBytes() / 1024,
                kafka.producerMBps(), kafka.consumerMBps()));
        b.append(String.format(Locale.ROOT, "%-15s %4s %10s %7s %7s %12s %10s %9s %10s %16s %8s%n", "profile", "runs", "backlog MB",
                "frames", "threads", "drain s (up)", "input MB/s", "frames/s", "x producer", "peak heap MB", "complete"));
        for (BacklogDrain.Drain d : drains) {
            BacklogDrain.Backlog backlog = backlogs.stream().filter(x -> x.profile().equals(d.profile())).findFirst().orElseThrow();
            b.append(String.format(Locale.ROOT, "%-15s %4d %10.1f %7d %7d %12s %10.1f %9.1f %10.2f %16s %8s%n", d.profile(), backlog.runs(),
                    backlog.inputBytes() / 1e6, backlog.frames(), d.threads(),
                    String.format(Locale.ROOT, "%.1f (%.1f)", d.seconds(), d.startupSeconds()), d.inputMBps(), d.framesPerS(),
                    ratioToProducer(d), String.format(Locale.ROOT, "%d (live %d)", d.heap().usedBytes() >> 20, d.heap().liveBytes() >> 20),
                    switch (d.end()) {
                        case FINAL_RESULTS -> "yes";
                        case IDLE -> "yes*";
                        case TIMEOUT -> "NO";
                    }));
        }
        b.append(String.format("%ndrain s: start to every run's results complete (up: of it, until Kafka Streams was RUNNING); rates over "
                + "the time after start-up.%npeak heap: most heap in use while draining (live: most still in use after a collection); "
                + "the whole JVM, embedded broker included%ncomplete: yes = every run's final results out; yes* = every record processed and "
                + "committed, no final correlation result (too little data); NO = timed out%n"));
        return b.toString();
    }

    public void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("measuredAt", Instant.now().toString());
        json.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java", System.getProperty("java.version"),
                "maxHeapBytes", Runtime.getRuntime().maxMemory()));
        json.put("settings", settings);
        json.put("kafka", kafka);
        json.put("backlogs", backlogs);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BacklogDrain.Drain d : drains) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("profile", d.profile());
            row.put("threads", d.threads());
            row.put("seconds", d.seconds());
            row.put("startupSeconds", d.startupSeconds());
            row.put("complete", d.complete());
            row.put("end", d.end());
            row.put("runsWithoutFinalResult", d.runsWithoutFinalResult());
            row.put("inputMBps", d.inputMBps());
            row.put("framesPerS", d.framesPerS());
            row.put("ratioToProducer", ratioToProducer(d));
            row.put("heap", d.heap());
            rows.add(row);
        }
        json.put("drains", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }
}
