package org.operando.streams.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test fixture: a rendered CLEM pair with known truth. Optical 256 x 256 at 100 nm (beads, PSF FWHM 250 nm,
 * 5000 photons, background 20, Poisson), EM 1024 x 1024 at 4 nm (dark 20 nm gold discs, Gaussian noise, u16), true
 * map {@link PointSets#TRUTH}. 12 fiducials are visible in both, 3 gold particles only in EM, 2 beads in the EM
 * field and 25 outside it only in the optical image.
 */
final class ClemScene {
    static final int OPT = 256;
    static final int EM = 1024;
    static final int SHARED = 12;
    static final int OPTICAL_ONLY = 27;
    static final int EM_ONLY = 3;
    final List<double[]> emGold = new ArrayList<>();
    final List<double[]> opticalBeads = new ArrayList<>();

    ClemScene(long seed) {
        Random rng = new Random(seed);
        Affine2D inverse = PointSets.TRUTH.inverse();
        List<double[]> gold = SyntheticImages.scatter(rng, SHARED + EM_ONLY + 2, 20, EM - 21, 20, EM - 21, 180,
                List.of());
        for (int i = 0; i < gold.size(); i++) {
            if (i < SHARED + EM_ONLY) {
                emGold.add(gold.get(i));
            }
            if (i < SHARED || i >= SHARED + EM_ONLY) {
                opticalBeads.add(SyntheticImages.apply(inverse, gold.get(i)));
            }
        }
        double[] lo = SyntheticImages.apply(inverse, new double[] {-100, -100});
        double[] hi = SyntheticImages.apply(inverse, new double[] {EM + 100, EM + 100});
        int outside = 0;
        while (outside < OPTICAL_ONLY - 2) {
            double[] p = SyntheticImages.scatter(rng, 1, 8, OPT - 9, 8, OPT - 9, 8, opticalBeads).get(0);
            boolean inField = p[0] > lo[0] - 5 && p[0] < hi[0] + 5 && p[1] > lo[1] - 5 && p[1] < hi[1] + 5;
            if (!inField) {
                opticalBeads.add(p);
                outside++;
            }
        }
    }

    ImageView optical(long noiseSeed, PixelShift drift) {
        return ImageView.ofDoubles(OPT, OPT, SyntheticImages.beads(OPT, OPT, shifted(opticalBeads, drift), 5000,
                250.0 / SpotDetectorSettings.FWHM_PER_SIGMA / 100.0, 20, noiseSeed));
    }

    ImageView em(long noiseSeed, PixelShift drift) {
        double[] img = SyntheticImages.discs(EM, EM, shifted(emGold, drift), 2.5, 3000, -800, 60, noiseSeed);
        return ImageView.ofUnsigned16(EM, EM, SyntheticImages.toUnsigned16(img));
    }

    /** Stage-based guess whose error at the EM field centre is (75, -50) EM px = (300, -200) nm. */
    static NominalTransform guess() {
        double[] c = SyntheticImages.apply(PointSets.TRUTH.inverse(), new double[] {511.5, 511.5});
        double sx = 100 * (c[0] - 127.5);
        double sy = 100 * (c[1] - 127.5);
        return NominalTransform.fromStage(new ImageGeometry(OPT, OPT, 100, 0, 0),
                new ImageGeometry(EM, EM, 4, sx - 300, sy + 200), 0, 600, 0.1, 0.05);
    }

    private static List<double[]> shifted(List<double[]> points, PixelShift d) {
        return points.stream().map(p -> new double[] {p[0] + d.dx(), p[1] + d.dy()}).toList();
    }
}
