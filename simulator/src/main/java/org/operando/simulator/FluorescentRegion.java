package org.operando.simulator;

/**
 * A diffuse fluorescent region (a Gaussian blob of dye) whose brightness follows the local chemistry:
 * photons(t) = peakPhotons · (1 + chemistryGain · y(t)) · bleaching.
 *
 * @param xNm         specimen x, nm
 * @param yNm         specimen y, nm
 * @param sigmaNm     σ of the blob, nm
 * @param peakPhotons integrated photons per frame at y = 0, before bleaching
 */
public record FluorescentRegion(double xNm, double yNm, double sigmaNm, double peakPhotons) {
    public FluorescentRegion {
        Check.positive("sigmaNm", sigmaNm);
        Check.nonNegative("peakPhotons", peakPhotons);
    }
}
