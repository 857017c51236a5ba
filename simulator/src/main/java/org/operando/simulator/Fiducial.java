package org.operando.simulator;

/**
 * A fiducial marker: a gold disc (seen by EM when {@code inEm}), a fluorescent bead (seen by optical when
 * {@code inOptical}), or a gold-cored fluorescent bead seen by both.
 *
 * @param id         stable id, from 0
 * @param xNm        specimen x, nm
 * @param yNm        specimen y, nm
 * @param diameterNm gold disc / bead diameter, nm
 * @param inEm       visible in EM frames
 * @param inOptical  visible in optical frames
 */
public record Fiducial(int id, double xNm, double yNm, double diameterNm, boolean inEm, boolean inOptical) {
    public Fiducial {
        Check.positive("diameterNm", diameterNm);
        if (!inEm && !inOptical) {
            throw new IllegalArgumentException("Fiducial " + id + " must be visible in EM, optical or both");
        }
    }

    public boolean shared() {
        return inEm && inOptical;
    }
}
