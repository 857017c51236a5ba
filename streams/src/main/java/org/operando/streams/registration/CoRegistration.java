package org.operando.streams.registration;

import java.util.ArrayList;
import java.util.List;

/**
 * One-call co-registration of an optical and an EM image: detect fiducials in both ({@link SpotDetector}), pair
 * them ({@link PointMatcher}), fit the affine map and its errors ({@link AffineFit}). Stateless; the only
 * randomness is RANSAC's, seeded from the settings, so equal inputs give equal results.
 */
public final class CoRegistration {
    private CoRegistration() {
    }

    /**
     * @param optical optical (fluorescence) image with bead fiducials
     * @param em      EM image with gold fiducials
     * @param guess   first guess from stage positions and nominal pixel sizes ({@link NominalTransform#fromStage})
     * @throws NotEnoughFiducialsException  fewer than 3 spots, matchable spots or RANSAC inliers
     * @throws DegenerateFiducialsException the inliers are (nearly) collinear
     */
    public static RegistrationResult register(ImageView optical, ImageView em, NominalTransform guess,
                                              RegistrationSettings settings) {
        List<Spot> opticalSpots = new SpotDetector(settings.optical()).detect(optical);
        List<Spot> emSpots = new SpotDetector(settings.em()).detect(em);
        return fromSpots(opticalSpots, emSpots, em.width(), em.height(), guess, settings);
    }

    /** The same from already detected spots; the EM field size sets where TRE is reported. */
    public static RegistrationResult fromSpots(List<Spot> opticalSpots, List<Spot> emSpots, int emWidth,
                                               int emHeight, NominalTransform guess, RegistrationSettings settings) {
        if (opticalSpots.size() < 3) {
            throw new NotEnoughFiducialsException(opticalSpots.size(), 3, "optical spots");
        }
        if (emSpots.size() < 3) {
            throw new NotEnoughFiducialsException(emSpots.size(), 3, "EM spots");
        }
        MatchResult match = new PointMatcher(settings.ransac()).match(opticalSpots, emSpots, guess);
        AffineFitResult fit = new AffineFit(settings.weightedFit(), settings.maxConditionNumber())
                .fit(match.inliers());
        return result(fit, match.inliers(), opticalSpots.size(), emSpots.size(), emWidth, emHeight,
                settings.emPixelSizeNm());
    }

    /** Packs a fit into a result, with TRE at the EM field centre and corners. */
    static RegistrationResult result(AffineFitResult fit, List<FiducialPair> inliers, int opticalSpots,
                                     int emSpots, int emWidth, int emHeight, double emPixelNm) {
        Affine2D t = fit.transform();
        Affine2D inverse = t.inverse();
        double[][] points = {
            {(emWidth - 1) / 2.0, (emHeight - 1) / 2.0}, {0, 0}, {emWidth - 1, 0}, {0, emHeight - 1},
            {emWidth - 1, emHeight - 1}};
        List<TargetError> tre = new ArrayList<>();
        TargetError.FieldPoint[] names = TargetError.FieldPoint.values();
        for (int k = 0; k < points.length; k++) {
            double xe = points[k][0];
            double ye = points[k][1];
            double px = fit.predictedTreEmPx(inverse.applyX(xe, ye), inverse.applyY(xe, ye));
            tre.add(new TargetError(names[k], xe, ye, px, px * emPixelNm));
        }
        return new RegistrationResult(t, inverse, fit.freEmPx(), fit.freEmPx() * emPixelNm, tre, opticalSpots,
                emSpots, inliers, emPixelNm, fit.treModel());
    }
}
