package org.operando.ops.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Progress progress = new Progress(new PrintStream(buffer, true), now::get, 2_000_000_000L);

    @Test
    void shouldPrintRateSinceLastLineAndTimeLeftOncePerInterval() {
        progress.update(100, 1_000_000, (done, rate) -> -1);
        assertThat(buffer.toString()).as("nothing before the first interval").isEmpty();
        now.addAndGet(2_000_000_000L);
        progress.update(1_000, 10_000_000, (done, rate) -> (long) ((3_000 - done) / rate * 1e9));
        now.addAndGet(1_000_000_000L);
        progress.update(1_500, 15_000_000, (done, rate) -> 0);
        assertThat(buffer.toString().lines()).containsExactly(
                "[    2.0 s] 1,000 records  10.0 MB  500 rec/s  5.0 MB/s  time left ~4 s");
    }

    @Test
    void shouldSayUntilStoppedWhenTimeLeftIsUnknownAndSummarizeTotals() {
        now.addAndGet(4_000_000_000L);
        progress.update(400, 2_000_000, (done, rate) -> -1);
        progress.summary("recorded", "r1", 400, 2_000_000, "-> /data/r1");
        assertThat(buffer.toString().lines()).containsExactly(
                "[    4.0 s] 400 records  2.0 MB  100 rec/s  0.5 MB/s  time left: until stopped",
                "recorded run r1: 400 records, 2.0 MB in 4.0 s (100 rec/s, 0.5 MB/s) -> /data/r1");
    }
}
