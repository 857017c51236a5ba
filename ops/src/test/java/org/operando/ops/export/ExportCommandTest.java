package org.operando.ops.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.operando.ops.cli.CliRun;
import org.junit.jupiter.api.io.TempDir;

/** Command-line mistakes of export: one line on stderr, a non-zero exit, nothing written. */
class ExportCommandTest {
    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        CliRun.Result r = CliRun.run(args);
        return new String[] {Integer.toString(r.exit()), r.err().strip()};
    }

    @Test
    void shouldRequireBootstrapServersToExportFromKafka() {
        String[] r = run("export", "--run", "r1", "--out", tmp.toString(), "--format", "nexus");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).isEqualTo("operando: export --run needs --bootstrap-servers of the cluster the run is on");
    }

    @Test
    void shouldRejectAnUnknownFormatInOneLine() {
        String[] r = run("export", "--recording", tmp.toString(), "--out", tmp.toString(), "--format", "tiff");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1].lines()).hasSize(1);
        assertThat(r[1]).contains("Unknown export format 'tiff'; expected ome-zarr or nexus");
    }

    @Test
    void shouldRequireExactlyOneOfRunAndRecording() {
        String[] both = run("export", "--run", "r1", "--recording", tmp.toString(), "--out", tmp.toString(), "--format", "nexus");
        assertThat(both[0]).isEqualTo("2");
        assertThat(both[1]).contains("mutually exclusive").doesNotContain("\tat ");
        String[] neither = run("export", "--out", tmp.toString(), "--format", "nexus");
        assertThat(neither[0]).isEqualTo("2");
        assertThat(neither[1]).contains("--run").contains("--recording");
    }

    @Test
    void shouldRequireOutAndFormat() {
        String[] r = run("export", "--recording", tmp.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("--out").contains("--format");
    }

    @Test
    void shouldSayWhenTheDirectoryIsNotARecording() {
        String[] r = run("export", "--recording", tmp.resolve("none").toString(), "--out", tmp.toString(), "--format", "ome-zarr");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1].lines()).hasSize(1);
        assertThat(r[1]).startsWith("operando: Not a recorded run: cannot read");
    }

    @Test
    void shouldRejectALevelOutsideZeroToNine() {
        String[] r = run("export", "--recording", tmp.toString(), "--out", tmp.toString(), "--format", "nexus", "--level", "12");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("--level must be 0..9. Got 12");
    }
}
