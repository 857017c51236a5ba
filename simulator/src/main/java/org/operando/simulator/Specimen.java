package org.operando.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic specimen (ground truth): positions in specimen nm (see {@link Geometry}).
 *
 * <p>Layout, drawn from the seed: shared fiducials on a jittered grid inside the EM field (10 % margin, so they stay
 * in view under drift and are at least ~2 PSF widths apart in the optical image); EM-only gold discs and particles
 * uniformly in the EM field, never overlapping each other or a fiducial; optical-only beads uniformly over the
 * optical field, outside the EM field, at least 1 µm apart; fluorescent regions over the optical field.
 */
public record Specimen(List<Particle> particles, List<Fiducial> fiducials, List<FluorescentRegion> regions) {
    private static final int MAX_TRIES = 200;

    public Specimen {
        particles = List.copyOf(particles);
        fiducials = List.copyOf(fiducials);
        regions = List.copyOf(regions);
    }

    /** Generates the specimen of {@code settings} seen through {@code geometry}. */
    public static Specimen generate(SpecimenSettings settings, Geometry geometry, FastRandom rng) {
        List<Fiducial> fiducials = new ArrayList<>();
        List<double[]> occupied = new ArrayList<>(); // {x, y, radius}
        double fidR = settings.fiducialDiameterNm() / 2.0;
        double fieldW = geometry.emWidth() * geometry.emPixelNm();
        double fieldH = geometry.emHeight() * geometry.emPixelNm();
        double x0 = geometry.emStageXNm() + 0.1 * fieldW;
        double y0 = geometry.emStageYNm() + 0.1 * fieldH;
        int n = settings.sharedFiducials();
        int cols = (int) Math.ceil(Math.sqrt(n));
        int rows = n == 0 ? 0 : (int) Math.ceil(n / (double) cols);
        double cellW = 0.8 * fieldW / Math.max(cols, 1);
        double cellH = 0.8 * fieldH / Math.max(rows, 1);
        for (int k = 0; k < n; k++) {
            double x = x0 + (k % cols + 0.5 + rng.uniform(-0.2, 0.2)) * cellW;
            double y = y0 + (k / cols + 0.5 + rng.uniform(-0.2, 0.2)) * cellH;
            fiducials.add(new Fiducial(fiducials.size(), x, y, settings.fiducialDiameterNm(), true, true));
            occupied.add(new double[] {x, y, fidR});
        }
        for (int k = 0; k < settings.emOnlyFiducials(); k++) {
            double[] p = placeInEmField(geometry, fidR, occupied, rng);
            if (p != null) {
                fiducials.add(new Fiducial(fiducials.size(), p[0], p[1], settings.fiducialDiameterNm(), true, false));
            }
        }
        List<Particle> particles = new ArrayList<>();
        for (int k = 0; k < settings.particles(); k++) {
            double r = rng.uniform(settings.particleRadiusMinNm(), settings.particleRadiusMaxNm());
            // room to grow: reserve the radius at the largest expected growth
            double[] p = placeInEmField(geometry, r * (1.0 + settings.growthPerCharge()), occupied, rng);
            if (p != null) {
                particles.add(new Particle(p[0], p[1], r, rng.uniform(0.35, 0.6)));
            }
        }
        Affine2D toSpecimen = geometry.specimenToOpticalPx().inverse();
        List<double[]> beads = new ArrayList<>();
        for (int k = 0; k < settings.opticalOnlyBeads(); k++) {
            for (int t = 0; t < MAX_TRIES; t++) {
                double u = rng.uniform(4, geometry.opticalWidth() - 5);
                double v = rng.uniform(4, geometry.opticalHeight() - 5);
                double x = toSpecimen.applyX(u, v);
                double y = toSpecimen.applyY(u, v);
                if (!geometry.inEmField(x, y, -1000.0) && farFrom(beads, x, y, 1000.0)) {
                    beads.add(new double[] {x, y, 0});
                    fiducials.add(new Fiducial(fiducials.size(), x, y, settings.fiducialDiameterNm(), false, true));
                    break;
                }
            }
        }
        List<FluorescentRegion> regions = new ArrayList<>();
        for (int k = 0; k < settings.fluorescentRegions(); k++) {
            double u = rng.uniform(0.15, 0.85) * geometry.opticalWidth();
            double v = rng.uniform(0.15, 0.85) * geometry.opticalHeight();
            regions.add(new FluorescentRegion(toSpecimen.applyX(u, v), toSpecimen.applyY(u, v),
                    rng.uniform(300.0, 800.0), rng.uniform(2e4, 6e4)));
        }
        return new Specimen(particles, fiducials, regions);
    }

    private static double[] placeInEmField(Geometry g, double radius, List<double[]> occupied, FastRandom rng) {
        double w = g.emWidth() * g.emPixelNm();
        double h = g.emHeight() * g.emPixelNm();
        for (int t = 0; t < MAX_TRIES; t++) {
            double x = g.emStageXNm() + rng.uniform(0.03, 0.97) * w;
            double y = g.emStageYNm() + rng.uniform(0.03, 0.97) * h;
            boolean free = true;
            for (double[] o : occupied) {
                double minD = o[2] + radius + 4.0 * g.emPixelNm();
                double dx = o[0] - x;
                double dy = o[1] - y;
                if (dx * dx + dy * dy < minD * minD) {
                    free = false;
                    break;
                }
            }
            if (free) {
                occupied.add(new double[] {x, y, radius});
                return new double[] {x, y};
            }
        }
        return null; // field full: fewer objects than asked, as documented in SpecimenSettings
    }

    private static boolean farFrom(List<double[]> points, double x, double y, double minD) {
        for (double[] p : points) {
            double dx = p[0] - x;
            double dy = p[1] - y;
            if (dx * dx + dy * dy < minD * minD) {
                return false;
            }
        }
        return true;
    }
}
