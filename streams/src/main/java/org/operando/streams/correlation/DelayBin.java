package org.operando.streams.correlation;

/**
 * Pumped-minus-unpumped ROI intensity in one delay bin.
 *
 * @param lowS          lower edge of the bin
 * @param highS         upper edge of the bin
 * @param delayS        mean delay of the pumped frames in the bin (the τ used for fitting)
 * @param deltaI        mean(pumped) − mean(unpumped)
 * @param sigmaDeltaI   standard error √(s_p²/n_p + s_u²/n_u); 0 when a side has a single frame
 * @param pumpedFrames  n_p
 * @param unpumpedFrames n_u
 */
public record DelayBin(double lowS, double highS, double delayS, double deltaI, double sigmaDeltaI,
                       int pumpedFrames, int unpumpedFrames) {
}
