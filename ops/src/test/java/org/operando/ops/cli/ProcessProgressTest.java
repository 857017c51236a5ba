package org.operando.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessProgressTest {
    /** A run-index value as the run stage writes it: next sequence, bytes logged, closed flag, closed-at ms. */
    private static byte[] index(long records, boolean closed) {
        return ByteBuffer.allocate(25).putLong(records).putLong(1000).put((byte) (closed ? 1 : 0)).putLong(closed ? 5 : 0).array();
    }

    @Test
    void shouldPrintEachRunsOwnProgressInOneLine() {
        String line = ProcessCommand.runLine(12.0, Map.of("sim-1", index(40, false), "sim-0", index(1953, true)));
        assertThat(line).isEqualTo("[  12.0 s] runs: sim-0 1953 (closed), sim-1 40");
    }
}
