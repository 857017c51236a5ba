package org.operando.ops.export;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts one stream's items back in sequence order: an item is released when every lower sequence number has been
 * released, or when more than {@code window} items wait (then the lowest goes, and the gap it leaves stays a gap).
 * A sequence number already released or waiting is a duplicate and is dropped (counted).
 */
final class InOrder<T> {
    private final int window;
    private final TreeMap<Long, T> waiting = new TreeMap<>();
    private long next;
    private long duplicates;
    private long gaps;

    InOrder(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("Reorder window must be at least 1. Got " + window);
        }
        this.window = window;
    }

    void add(long sequence, T item, Consumer<T> out) {
        if (sequence < next || waiting.containsKey(sequence)) {
            duplicates++;
            return;
        }
        waiting.put(sequence, item);
        drain(out, false);
    }

    /** Releases everything still waiting, in order. */
    void finish(Consumer<T> out) {
        drain(out, true);
    }

    private void drain(Consumer<T> out, boolean all) {
        while (!waiting.isEmpty() && (all || waiting.firstKey() == next || waiting.size() > window)) {
            Map.Entry<Long, T> e = waiting.pollFirstEntry();
            if (e.getKey() != next) {
                gaps++;
            }
            next = e.getKey() + 1;
            out.accept(e.getValue());
        }
    }

    long duplicates() {
        return duplicates;
    }

    /** Places where a sequence number was skipped. */
    long gaps() {
        return gaps;
    }
}
