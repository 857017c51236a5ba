package org.operando.ops.dashboard;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A single-slot holder of the newest value and its version: a writer overwrites, a reader takes whatever is newest.
 * This is the dashboard's backpressure: when data outrun the page, intermediate values are dropped, never queued.
 */
public final class Latest<T> {
    /** A value and the number of values set so far (1 for the first). */
    public record Versioned<T>(long version, T value) {
    }

    private final AtomicReference<Versioned<T>> slot = new AtomicReference<>(new Versioned<>(0, null));

    /** Replaces the held value; returns its version. */
    public long set(T value) {
        if (value == null) {
            throw new IllegalArgumentException("Latest holds values, not null");
        }
        return slot.updateAndGet(v -> new Versioned<>(v.version() + 1, value)).version();
    }

    /** The newest value with its version; version 0 and a null value when nothing was set yet. */
    public Versioned<T> get() {
        return slot.get();
    }
}
