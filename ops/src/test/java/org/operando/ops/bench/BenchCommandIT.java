package org.operando.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.operando.ops.Main;

/** {@code operando bench} end to end at a tiny scale: every stage runs and reports; no figure is judged. */
class BenchCommandIT {
    @TempDir
    Path tmp;

    @Test
    @Timeout(240)
    void shouldMeasureKafkaAndDrainEveryBacklogWithEveryThreadCount() throws Exception {
        Path json = tmp.resolve("bench.json");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.run("bench", "--profile", "default,pump-probe", "--threads", "1,2", "--duration", "1s", "--perf-records", "10",
                    "--json", json.toString());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("ProducerPerformance").contains("ConsumerPerformance").contains("input MB/s").contains("peak heap MB");

        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.at("/kafka/producerMBps").asDouble()).isPositive();
        assertThat(figures.at("/kafka/consumerMBps").asDouble()).isPositive();
        assertThat(figures.at("/backlogs")).hasSize(2);
        JsonNode drains = figures.at("/drains");
        assertThat(drains).hasSize(4);
        for (JsonNode d : drains) {
            assertThat(d.at("/complete").asBoolean()).as("drain %s", d).isTrue();
            assertThat(d.at("/inputMBps").asDouble()).isPositive();
            assertThat(d.at("/framesPerS").asDouble()).isPositive();
            assertThat(d.at("/heap/usedBytes").asLong()).isPositive();
        }
        assertThat(drains.get(0).at("/profile").asText()).isEqualTo("default");
        assertThat(drains.get(1).at("/threads").asInt()).isEqualTo(2);
        assertThat(drains.get(3).at("/profile").asText()).isEqualTo("pump-probe");
    }
}
