package org.operando.ops.recording;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.operando.ops.cli.CliRun;

/** Command-line wiring of record and replay: usage errors are one line, without a stack trace. */
class RecordReplayCommandTest {
    private static String[] run(String... args) {
        CliRun.Result r = CliRun.run(args);
        return new String[] {Integer.toString(r.exit()), r.err().strip()};
    }

    @Test
    void shouldRequireBootstrapServersToRecord() {
        String[] r = run("record", "--run", "r1", "--out", "/tmp/never-written", "--to-end");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).isEqualTo("operando: record needs --bootstrap-servers of the cluster the run is on");
    }

    @Test
    void shouldRejectTwoStopConditionsAtOnce() {
        String[] r = run("--bootstrap-servers", "127.0.0.1:1", "record", "--run", "r1", "--out", "/tmp/x", "--to-end",
                "--duration", "10s");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1].lines()).hasSize(1);
        assertThat(r[1]).contains("mutually exclusive");
    }

    @Test
    void shouldRequireRunAndOut() {
        String[] r = run("record");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("--out").contains("--run");
    }

    @Test
    void shouldParseSpeedAsNumberOrMaxAndRejectTheRest() {
        assertThat(new org.operando.ops.cli.SpeedConverter().convert("max")).isZero();
        assertThat(new org.operando.ops.cli.SpeedConverter().convert("2.5")).isEqualTo(2.5);
        String[] r = run("--bootstrap-servers", "127.0.0.1:1", "replay", "/nonexistent", "--speed", "fast");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("'fast' is not a speed; expected a positive number or 'max'").doesNotContain("\tat ");
        String[] notARecording = run("--bootstrap-servers", "127.0.0.1:1", "replay", "/nonexistent", "--speed", "max");
        assertThat(notARecording[0]).isEqualTo("1");
        assertThat(notARecording[1]).startsWith("operando: Not a recorded run: cannot read /nonexistent/index.json");
    }
}
