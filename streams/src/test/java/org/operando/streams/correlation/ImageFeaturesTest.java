package org.operando.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageFeaturesTest {

    /** I(x, y) = x + 1000·y + 0.001·x·y: distinct, smooth, not symmetric. */
    private static FloatImage ramp(int w, int h) {
        float[] p = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = (float) (x + 1000.0 * y + 0.001 * x * y);
            }
        }
        return new FloatImage(w, h, p);
    }

    private static double bruteForceMean(FloatImage img, java.util.function.BiPredicate<Double, Double> inside) {
        double s = 0;
        int n = 0;
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                if (inside.test((double) x, (double) y)) {
                    s += img.at(x, y);
                    n++;
                }
            }
        }
        return s / n;
    }

    @Test
    void shouldAverageRectanglePixelCentresExactly() {
        FloatImage img = ramp(64, 32);

        double mean = ImageFeatures.meanIntensity(img, new Roi.Rectangle(9.5, 4.5, 10, 3));

        // centres x = 10..19, y = 5..7
        assertThat(mean).isCloseTo(14.5 + 6000 + 0.001 * 14.5 * 6, within(1e-3));
    }

    @Test
    void shouldAverageCircleAndPolygonLikeBruteForceOverWholeImage() {
        FloatImage img = ramp(80, 60);
        Roi circle = new Roi.Circle(30.3, 22.7, 9.4);
        Roi polygon = new Roi.Polygon(new double[] {5.2, 40.7, 61.1, 22.3}, new double[] {3.3, 8.9, 44.6, 51.2});

        assertThat(ImageFeatures.meanIntensity(img, circle)).isCloseTo(bruteForceMean(img, circle::contains), within(1e-6));
        assertThat(ImageFeatures.meanIntensity(img, polygon)).isCloseTo(bruteForceMean(img, polygon::contains), within(1e-6));
    }

    @Test
    void shouldMeasureEmRoiInOpticalFrameLikeTheMappedRoiMeasuredDirectly() {
        FloatImage optical = ramp(200, 150);
        // EM -> optical: scale ~1/3, rotation 17 degrees, slight shear, translation
        double c = Math.cos(Math.toRadians(17));
        double s = Math.sin(Math.toRadians(17));
        AffineMap emToOptical = new AffineMap(0.33 * c, -0.31 * s, 41.37, 0.33 * s + 0.01, 0.31 * c, 12.81);
        Roi.Polygon emPolygon = new Roi.Polygon(new double[] {20.1, 250.3, 310.7, 60.9}, new double[] {30.2, 15.6, 240.4, 200.8});

        double viaAffine = ImageFeatures.meanIntensity(optical, emPolygon, emToOptical);
        double direct = ImageFeatures.meanIntensity(optical, emPolygon.transformed(emToOptical));

        assertThat(viaAffine).isCloseTo(direct, within(1e-9));
    }

    @Test
    void shouldMapEmCircleToOpticalCircleUnderSimilarity() {
        FloatImage optical = ramp(120, 120);
        double k = 0.25;
        double a = Math.toRadians(-40);
        AffineMap similarity = new AffineMap(k * Math.cos(a), -k * Math.sin(a), 50.3,
                k * Math.sin(a), k * Math.cos(a), 61.7);
        Roi.Circle emCircle = new Roi.Circle(101.3, -43.9, 61.2);
        Roi.Circle opticalCircle = new Roi.Circle(similarity.applyX(101.3, -43.9), similarity.applyY(101.3, -43.9), k * 61.2);

        assertThat(ImageFeatures.meanIntensity(optical, emCircle, similarity))
                .isCloseTo(ImageFeatures.meanIntensity(optical, opticalCircle), within(1e-9));
    }

    @Test
    void shouldRejectRoiOutsideTheImage() {
        FloatImage img = ramp(16, 16);

        assertThatThrownBy(() -> ImageFeatures.meanIntensity(img, new Roi.Circle(-30, 5, 3)))
                .isInstanceOf(NotEnoughDataException.class);
    }

    /**
     * Dark discs (50) on a bright background (200) plus Gaussian noise σ = 6. With 9 % foreground
     * Otsu's level sits near 93, 7σ from the disc intensity, so no pixel is misclassified.
     */
    private static final class DiscScene {
        final int w = 256;
        final int h = 256;
        final float[] p = new float[w * h];
        final double[][] discs = new double[12][];
        int renderedPixels;

        DiscScene(long seed) {
            Random rnd = new Random(seed);
            int placed = 0;
            while (placed < discs.length) {
                double r = 8 + 7 * rnd.nextDouble();
                double cx = 20 + (w - 40) * rnd.nextDouble();
                double cy = 20 + (h - 40) * rnd.nextDouble();
                boolean clear = true;
                for (int i = 0; i < placed; i++) {
                    clear &= Math.hypot(cx - discs[i][0], cy - discs[i][1]) > r + discs[i][2] + 3;
                }
                if (clear) {
                    discs[placed++] = new double[] {cx, cy, r};
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean in = false;
                    for (double[] d : discs) {
                        in |= (x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]) <= d[2] * d[2];
                    }
                    renderedPixels += in ? 1 : 0;
                    p[y * w + x] = (float) ((in ? 50 : 200) + 6 * rnd.nextGaussian());
                }
            }
        }

        FloatImage image() {
            return new FloatImage(w, h, p);
        }
    }

    @Test
    void shouldCountRenderedDiscsExactlyAndMatchTheirAreas() {
        DiscScene scene = new DiscScene(21L);

        ParticleStats stats = ImageFeatures.particles(scene.image(),
                new ParticleSettings(new Threshold.Otsu(), Polarity.DARK, 20, 0.5));

        assertThat(stats.count()).isEqualTo(12);
        assertThat(stats.areaPx()).isEqualTo(scene.renderedPixels);
        assertThat(stats.areaNm2()).isCloseTo(scene.renderedPixels * 0.25, within(1e-9));
        assertThat(stats.level()).isBetween(75.0, 150.0);
        double trueArea = 0;
        for (double[] d : scene.discs) {
            trueArea += Math.PI * d[2] * d[2];
        }
        assertThat((double) stats.areaPx()).isCloseTo(trueArea, within(0.02 * trueArea));
        for (Particle particle : stats.particles()) {
            double[] disc = nearest(scene.discs, particle);
            assertThat(Math.hypot(particle.centroidX() - disc[0], particle.centroidY() - disc[1])).isLessThan(0.3);
            assertThat((double) particle.areaPx()).isCloseTo(Math.PI * disc[2] * disc[2], within(0.05 * Math.PI * disc[2] * disc[2]));
        }
    }

    private static double[] nearest(double[][] discs, Particle p) {
        double[] best = discs[0];
        for (double[] d : discs) {
            if (Math.hypot(p.centroidX() - d[0], p.centroidY() - d[1]) < Math.hypot(p.centroidX() - best[0], p.centroidY() - best[1])) {
                best = d;
            }
        }
        return best;
    }

    @Test
    void shouldDropComponentsSmallerThanMinimumSize() {
        float[] p = new float[40 * 40];
        java.util.Arrays.fill(p, 0f);
        for (int y = 10; y < 15; y++) {
            for (int x = 10; x < 15; x++) {
                p[y * 40 + x] = 1f; // 25 px square
            }
        }
        p[30 * 40 + 30] = 1f; // 1 px speck
        p[2 * 40 + 35] = 1f;
        FloatImage img = new FloatImage(40, 40, p);

        assertThat(ImageFeatures.particles(img, new ParticleSettings(new Threshold.Fixed(0.5), Polarity.BRIGHT, 1, 1)).count()).isEqualTo(3);
        ParticleStats filtered = ImageFeatures.particles(img, new ParticleSettings(new Threshold.Fixed(0.5), Polarity.BRIGHT, 2, 1));
        assertThat(filtered.count()).isEqualTo(1);
        assertThat(filtered.areaPx()).isEqualTo(25);
    }

    @Test
    void shouldJoinDiagonalNeighboursAndMergeUShapesIntoOneComponent() {
        String[] rows = {
            "#.....#...",
            ".#...#.#..",
            "..#.#...#.",
            "...#......",
            "..........",
            "#.#.#.#.#.",
            ".#.#.#.#.#",
        };
        float[] p = new float[rows.length * 10];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < 10; x++) {
                p[y * 10 + x] = rows[y].charAt(x) == '#' ? 1f : 0f;
            }
        }

        ParticleStats stats = ImageFeatures.particles(new FloatImage(10, rows.length, p),
                new ParticleSettings(new Threshold.Fixed(0.5), Polarity.BRIGHT, 1, 1));

        // V with a branch (rows 0-3) is one component; the zig-zag rows 4-5 are one component
        assertThat(stats.count()).isEqualTo(2);
        assertThat(stats.particles()).extracting(Particle::areaPx).containsExactly(9, 10);
    }

    @Test
    void shouldPlaceOtsuLevelWhereBetweenClassVarianceOfRawPixelsPeaks() {
        DiscScene scene = new DiscScene(22L);
        float[] px = scene.p;
        double bestLevel = 0;
        double best = -1;
        for (double level = 60; level <= 190; level += 0.1) {
            double n0 = 0;
            double s0 = 0;
            double s1 = 0;
            for (float v : px) {
                if (v <= level) {
                    n0++;
                    s0 += v;
                } else {
                    s1 += v;
                }
            }
            double n1 = px.length - n0;
            double between = n0 * n1 * Math.pow(s0 / n0 - s1 / n1, 2);
            if (between > best) {
                best = between;
                bestLevel = level;
            }
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : px) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double binWidth = (max - min) / 256;

        assertThat(new Threshold.Otsu().levelFor(scene.image())).isCloseTo(bestLevel, within(2 * binWidth));
    }

    @Test
    void shouldReadUnsignedShortPixels() {
        FloatImage img = FloatImage.fromUnsignedShorts(2, 1, new short[] {(short) 65535, 7});

        assertThat(img.at(0, 0)).isEqualTo(65535f);
        assertThat(img.at(1, 0)).isEqualTo(7f);
    }

    @Test
    void shouldRejectPixelArrayOfWrongLength() {
        assertThatThrownBy(() -> new FloatImage(4, 4, new float[15]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16");
    }
}
