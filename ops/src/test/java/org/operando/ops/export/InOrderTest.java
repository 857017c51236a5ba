package org.operando.ops.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InOrderTest {
    @Test
    void shouldReleaseInSequenceOrderAndDropDuplicates() {
        InOrder<Long> order = new InOrder<>(4);
        List<Long> out = new ArrayList<>();
        for (long s : new long[] {0, 2, 1, 1, 3, 0, 5}) {
            order.add(s, s, out::add);
        }
        assertThat(out).containsExactly(0L, 1L, 2L, 3L);
        order.finish(out::add);
        assertThat(out).containsExactly(0L, 1L, 2L, 3L, 5L);
        assertThat(order.duplicates()).isEqualTo(2);
        assertThat(order.gaps()).isEqualTo(1);
    }

    @Test
    void shouldGiveUpOnAGapWhenTheWindowIsFull() {
        InOrder<Long> order = new InOrder<>(2);
        List<Long> out = new ArrayList<>();
        for (long s : new long[] {1, 2, 3}) {
            order.add(s, s, out::add);
        }
        assertThat(out).as("0 never came: 1 goes once three wait").containsExactly(1L, 2L, 3L);
    }
}
