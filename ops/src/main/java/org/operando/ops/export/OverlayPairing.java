package org.operando.ops.export;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.operando.schema.Frame;

/**
 * Pairs each EM frame with, per registered optical instrument, the optical frame whose exposure mid-point on the
 * master clock is nearest to the EM frame's. Frames arrive in publication order, which is near time order, so the
 * nearest optical frame is known once one optical frame later than the EM frame has arrived: an EM frame waits for
 * that, holding at most {@code hold} EM frames per instrument and the latest {@code hold} optical frames per optical
 * instrument. When the wait would exceed that (an optical stream stalls or ends) the EM frame is paired with the
 * nearest frame held, or with none; the export's frame table says which optical frame each EM frame got.
 */
final class OverlayPairing {
    /** A frame with its exposure mid-point, seconds since the run start on the master clock. */
    record Timed(Frame frame, double midS) {
    }

    /** An EM frame and, per registered optical instrument in order, its paired frame (null: none). */
    record Paired(Timed em, List<Timed> optical) {
    }

    private final Map<String, List<String>> opticalPerEm;
    private final int hold;
    private final Map<String, Deque<Timed>> recent = new HashMap<>();
    private final Map<String, Deque<Timed>> pending = new HashMap<>();

    /** @param opticalPerEm for each EM instrument with registrations, its optical instruments in channel order */
    OverlayPairing(Map<String, List<String>> opticalPerEm, int hold) {
        if (hold < 1) {
            throw new IllegalArgumentException("Pairing must hold at least one frame. Got " + hold);
        }
        this.opticalPerEm = Map.copyOf(opticalPerEm);
        this.hold = hold;
    }

    boolean pairs(String emInstrumentId) {
        return opticalPerEm.containsKey(emInstrumentId);
    }

    boolean isPairedOptical(String instrumentId) {
        return opticalPerEm.values().stream().anyMatch(l -> l.contains(instrumentId));
    }

    /** An optical frame of a registered optical instrument; may settle waiting EM frames. */
    void offerOptical(Timed optical, Consumer<Paired> out) {
        String id = optical.frame().getInstrumentId();
        Deque<Timed> held = recent.computeIfAbsent(id, k -> new ArrayDeque<>());
        held.addLast(optical);
        if (held.size() > hold) {
            held.removeFirst();
        }
        opticalPerEm.forEach((em, opticals) -> {
            if (opticals.contains(id)) {
                release(em, false, out);
            }
        });
    }

    /** An EM frame of an instrument with registrations. */
    void offerEm(Timed em, Consumer<Paired> out) {
        String id = em.frame().getInstrumentId();
        Deque<Timed> waiting = pending.computeIfAbsent(id, k -> new ArrayDeque<>());
        waiting.addLast(em);
        release(id, false, out);
        while (waiting.size() > hold) {
            out.accept(pair(waiting.removeFirst()));
            release(id, false, out);
        }
    }

    /** Pairs every EM frame still waiting, with what is held. */
    void finish(Consumer<Paired> out) {
        pending.keySet().forEach(em -> release(em, true, out));
    }

    private void release(String em, boolean all, Consumer<Paired> out) {
        Deque<Timed> waiting = pending.get(em);
        while (waiting != null && !waiting.isEmpty() && (all || settled(em, waiting.peekFirst()))) {
            out.accept(pair(waiting.removeFirst()));
        }
    }

    private boolean settled(String em, Timed frame) {
        for (String optical : opticalPerEm.get(em)) {
            Deque<Timed> held = recent.get(optical);
            if (held == null || held.isEmpty() || held.peekLast().midS() < frame.midS()) {
                return false;
            }
        }
        return true;
    }

    private Paired pair(Timed em) {
        List<Timed> paired = new ArrayList<>();
        for (String optical : opticalPerEm.get(em.frame().getInstrumentId())) {
            Timed best = null;
            for (Timed t : recent.getOrDefault(optical, new ArrayDeque<>())) {
                if (best == null || Math.abs(t.midS() - em.midS()) < Math.abs(best.midS() - em.midS())) {
                    best = t;
                }
            }
            paired.add(best);
        }
        return new Paired(em, paired);
    }
}
