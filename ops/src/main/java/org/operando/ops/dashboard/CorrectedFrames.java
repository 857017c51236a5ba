package org.operando.ops.dashboard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.operando.schema.DriftEstimate;
import org.operando.schema.Frame;

/**
 * Pairs one imaging stream's frames with the drift estimate published for each, so the page can show a frame shifted
 * by its own drift. A frame arrives before its estimate (the drift stage runs behind acquisition): it waits in a
 * short queue of at most {@link #WAITING} frames; when its estimate arrives it becomes the newest corrected frame (a
 * single slot, {@link Latest}: backpressure is unchanged, a newer pair replaces an undrawn one) and older waiting
 * frames are dropped. An estimate that arrives first (reading a finished run, topics interleave freely) is kept
 * among the last {@link #ESTIMATES} until its frame comes. Memory: at most {@code WAITING + 1} frames per stream.
 */
final class CorrectedFrames {
    static final int WAITING = 3;
    static final int ESTIMATES = 64;

    /** A frame with the estimate of its drift; {@code drift} null when the stream has no estimates at all. */
    record Pair(Frame frame, DriftEstimate drift) {
    }

    private final Deque<Frame> waiting = new ArrayDeque<>();
    private final Map<Long, DriftEstimate> estimates = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, DriftEstimate> eldest) {
            return size() > ESTIMATES;
        }
    };
    private final Latest<Pair> corrected = new Latest<>();
    private final Latest<Frame> raw = new Latest<>();

    synchronized void frame(Frame f) {
        raw.set(f);
        DriftEstimate d = estimates.remove(f.getSequence());
        if (d != null) {
            corrected.set(new Pair(f, d));
            return;
        }
        waiting.addLast(f);
        while (waiting.size() > WAITING) {
            waiting.removeFirst();
        }
    }

    synchronized void drift(DriftEstimate d) {
        for (Iterator<Frame> it = waiting.iterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (f.getSequence() == d.getSequence()) {
                corrected.set(new Pair(f, d));
                it.remove();
                waiting.removeIf(w -> w.getSequence() < d.getSequence());
                return;
            }
        }
        estimates.put(d.getSequence(), d);
    }

    /** True once any estimate arrived for this stream: the page then shows corrected frames only. */
    synchronized boolean hasDrift() {
        return corrected.get().value() != null || !estimates.isEmpty();
    }

    /**
     * What to draw: the newest frame paired with its estimate, or, for a stream without any drift estimate, the
     * newest frame with a null drift. Version 0 while there is nothing to draw.
     */
    Latest.Versioned<Pair> displayed() {
        Latest.Versioned<Pair> c = corrected.get();
        if (c.value() != null || hasDrift()) {
            return c;
        }
        Latest.Versioned<Frame> r = raw.get();
        return new Latest.Versioned<>(r.version(), r.value() == null ? null : new Pair(r.value(), null));
    }

    /** The newest frame received, corrected or not. */
    Latest.Versioned<Frame> newest() {
        return raw.get();
    }
}
