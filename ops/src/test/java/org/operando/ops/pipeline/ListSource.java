package org.operando.ops.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.operando.producers.Acquired;
import org.operando.producers.AcquisitionSource;

/** A source that replays a fixed list: for plumbing tests that need exact, known input. */
final class ListSource implements AcquisitionSource {
    private final Deque<Acquired> items;

    ListSource(List<Acquired> items) {
        this.items = new ArrayDeque<>(items);
    }

    @Override
    public List<Acquired> preamble() {
        return List.of();
    }

    @Override
    public Optional<Acquired> next() {
        return Optional.ofNullable(items.poll());
    }

    @Override
    public List<Acquired> epilogue(Map<String, Long> publishedPerInstrument) {
        return List.of();
    }
}
