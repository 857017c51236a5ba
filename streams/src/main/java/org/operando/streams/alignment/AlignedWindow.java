package org.operando.streams.alignment;

import java.util.List;

/**
 * One EM exposure window on the master clock with its partners.
 *
 * @param revision 0 for the first result; incremented each time a late partner amends it
 */
public record AlignedWindow(String emInstrumentId, long emSequence, long masterStartNs, long masterEndNs, double sigmaNs,
                            List<OpticalMatch> optical, EcStats ec, int revision) {
    public AlignedWindow {
        if (masterEndNs < masterStartNs) {
            throw new IllegalArgumentException("Window end may not precede its start. Got: " + masterStartNs + ".." + masterEndNs);
        }
        optical = List.copyOf(optical);
    }

    /** Matched = at least one optical partner and at least one EC sample. */
    public boolean matched() {
        return !optical.isEmpty() && ec != null && ec.samples() > 0;
    }

    /** An optical frame overlapping the window and the fraction of the window it covers. */
    public record OpticalMatch(String instrumentId, long sequence, long masterStartNs, long masterEndNs, double overlapFraction) {
    }

    /** Electrochemical samples inside the window; charge is the trapezoidal integral of current over master time (C). */
    public record EcStats(int samples, double meanPotentialV, double minPotentialV, double maxPotentialV,
                          double meanCurrentA, double minCurrentA, double maxCurrentA, double chargeC) {
    }
}
