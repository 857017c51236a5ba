package org.operando.streams.correlation;

/**
 * Charge passed vs projected-area change, frame by frame, with the fitted proportionality.
 *
 * @param chargeC             ΔQ at each frame since the first frame, C
 * @param areaChangeNm2       ΔA at each frame since the first frame, nm²
 * @param slopeNm2PerC        least-squares slope dA/dQ, nm² per C
 * @param slopeSigmaNm2PerC   its standard error
 * @param pearsonR            Pearson correlation of ΔQ and ΔA
 */
public record ChargeAreaRelation(double[] chargeC, double[] areaChangeNm2, double slopeNm2PerC,
                                 double slopeSigmaNm2PerC, double pearsonR) {

    public ChargeAreaRelation {
        chargeC = chargeC.clone();
        areaChangeNm2 = areaChangeNm2.clone();
    }

    @Override
    public double[] chargeC() {
        return chargeC.clone();
    }

    @Override
    public double[] areaChangeNm2() {
        return areaChangeNm2.clone();
    }
}
