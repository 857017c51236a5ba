package org.operando.streams.registration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Pairs optical spots with EM spots without knowing which is which, by RANSAC over minimal 3-point affine
 * hypotheses guided by a {@link NominalTransform}.
 *
 * <h2>Sampling (guided by the first guess N = (A_n, t_n))</h2>
 * <ol>
 *   <li>Candidates of optical spot i: EM spots within R_i = R_t + u d_i + eps of N(x_i), with R_t the translation
 *       uncertainty, u = rotation + scale uncertainty, d_i the distance of N(x_i) from the EM spots' centroid and
 *       eps the inlier threshold. Optical spots with no candidate cannot be matched and are never sampled.</li>
 *   <li>A hypothesis draws an anchor pair (i, j) among those candidates, which fixes the translation; the two
 *       other optical spots k, l are drawn among the {@value #NEIGHBOURS} matchable spots nearest to i, and each
 *       partner among the EM spots within 2 eps + u |A_n (x_k - x_i)| of y_j + A_n (x_k - x_i). Near neighbours
 *       keep that radius small, so the partner is rarely ambiguous, and the anchor absorbs the stage error, so
 *       even a stage uncertainty larger than the EM field does not make the all-inlier probability vanish.</li>
 *   <li>The exact affine through the three pairs (EJML solve) is kept if the optical triangle is not thin
 *       (sine of its angle at the anchor above 0.05) and |A - A_n|_F &lt;= (1.5 u + 0.05) |A_n|_F.</li>
 * </ol>
 * <h2>Scoring and refinement</h2>
 * MSAC: cost = sum over optical spots of min(r^2, eps^2), r the distance from T(x) to the nearest EM spot.
 * Each hypothesis that beats the best so far is locally optimized (LO-RANSAC) before it is kept: its
 * inliers are refitted by least squares while that lowers the cost, since a 3-point sample from near neighbours
 * is too noisy to extrapolate across the field.
 * A fixed number of hypotheses is drawn: the textbook adaptive count log(1 - p) / log(1 - w^3) does not describe
 * guided sampling (success also needs the anchor's partner to be right, and the spots drawn are not independent),
 * and a fixed count makes the cost predictable. The best hypothesis is then refined: one-to-one inliers
 * (greedy by residual) are fitted by unweighted least squares ({@link AffineFit}), inliers recollected, repeated
 * until the set no longer changes (at most 10 rounds).
 *
 * <p>Randomness comes only from a {@link SplittableRandom} seeded by {@link RansacSettings#seed()} per call.
 */
public final class PointMatcher {
    private static final int REFINE_ROUNDS = 10;
    private static final double MIN_SINE = 0.05;
    static final int NEIGHBOURS = 8;
    private static final int LO_ROUNDS = 4;
    private static final AffineFit LO_FIT = new AffineFit(false, 1e6);
    private final RansacSettings settings;

    public PointMatcher(RansacSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("RANSAC settings are required. Got: null");
        }
        this.settings = settings;
    }

    /**
     * @throws NotEnoughFiducialsException if fewer than 3 optical spots have a candidate near their nominal
     *                                     position, or the best consensus has fewer than {@code minInliers}
     */
    public MatchResult match(List<Spot> optical, List<Spot> em, NominalTransform guess) {
        double eps = settings.inlierThresholdEmPx();
        double[] ox = optical.stream().mapToDouble(Spot::x).toArray();
        double[] oy = optical.stream().mapToDouble(Spot::y).toArray();
        double[] ex = em.stream().mapToDouble(Spot::x).toArray();
        double[] ey = em.stream().mapToDouble(Spot::y).toArray();
        Affine2D nominal = guess.opticalToEm();
        double u = guess.linearUncertainty();
        double emCx = Arrays.stream(ex).average().orElse(0);
        double emCy = Arrays.stream(ey).average().orElse(0);
        int[][] candidates = new int[ox.length][];
        List<Integer> matchable = new ArrayList<>();
        for (int i = 0; i < ox.length; i++) {
            double px = nominal.applyX(ox[i], oy[i]);
            double py = nominal.applyY(ox[i], oy[i]);
            double radius = guess.translationUncertaintyEmPx() + u * Math.hypot(px - emCx, py - emCy) + eps;
            candidates[i] = within(ex, ey, px, py, radius);
            if (candidates[i].length > 0) {
                matchable.add(i);
            }
        }
        if (matchable.size() < 3) {
            throw new NotEnoughFiducialsException(matchable.size(), 3,
                    "optical spots with an EM spot near their nominal position");
        }
        SpatialGrid grid = new SpatialGrid(ex, ey, eps);
        int[][] neighbours = neighbours(matchable, ox, oy);
        SplittableRandom random = new SplittableRandom(settings.seed());
        Affine2D best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int h = 0; h < settings.hypotheses(); h++) {
            Affine2D hypothesis = draw(random, matchable, neighbours, candidates, ox, oy, ex, ey, nominal, u, eps);
            if (hypothesis == null) {
                continue;
            }
            double cost = cost(hypothesis, ox, oy, ex, ey, grid, eps);
            if (cost < bestCost) {
                double[] optimizedCost = {cost};
                hypothesis = locallyOptimize(hypothesis, optimizedCost, ox, oy, ex, ey, grid, eps);
                cost = optimizedCost[0];
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = hypothesis;
            }
        }
        if (best == null) {
            throw new NotEnoughFiducialsException(0, settings.minInliers(), "RANSAC inliers");
        }
        return refine(best, optical, em, grid, settings.hypotheses());
    }

    /**
     * LO-RANSAC (Chum, Matas &amp; Kittler 2003): a minimal sample is noisy, so its inliers are refitted by least
     * squares and re-collected while the MSAC cost falls (at most {@value #LO_ROUNDS} rounds).
     */
    private static Affine2D locallyOptimize(Affine2D start, double[] cost, double[] ox, double[] oy, double[] ex,
                                            double[] ey, SpatialGrid grid, double eps) {
        Affine2D current = start;
        for (int round = 0; round < LO_ROUNDS; round++) {
            List<FiducialPair> pairs = new ArrayList<>();
            for (int i = 0; i < ox.length; i++) {
                int j = grid.nearestWithin(current.applyX(ox[i], oy[i]), current.applyY(ox[i], oy[i]));
                if (j >= 0) {
                    pairs.add(new FiducialPair(ox[i], oy[i], ex[j], ey[j], 0, 0));
                }
            }
            if (pairs.size() < 4) {
                break;
            }
            Affine2D refined;
            try {
                refined = LO_FIT.fit(pairs).transform();
            } catch (DegenerateFiducialsException e) {
                break;
            }
            double c = cost(refined, ox, oy, ex, ey, grid, eps);
            if (!(c < cost[0])) {
                break;
            }
            cost[0] = c;
            current = refined;
        }
        return current;
    }

    /** For each matchable spot (by position in {@code matchable}), the positions of its nearest matchable spots. */
    private static int[][] neighbours(List<Integer> matchable, double[] ox, double[] oy) {
        int m = matchable.size();
        int[][] out = new int[m][];
        for (int a = 0; a < m; a++) {
            int i = matchable.get(a);
            Integer[] others = new Integer[m];
            for (int b = 0; b < m; b++) {
                others[b] = b;
            }
            java.util.Arrays.sort(others, java.util.Comparator.comparingDouble(
                    b -> Math.hypot(ox[matchable.get(b)] - ox[i], oy[matchable.get(b)] - oy[i])));
            int self = a;
            out[a] = java.util.Arrays.stream(others).filter(b -> b != self).limit(NEIGHBOURS)
                    .mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    private MatchResult refine(Affine2D start, List<Spot> optical, List<Spot> em, SpatialGrid grid, int drawn) {
        Affine2D transform = start;
        int[] inliers = oneToOne(transform, optical, em, grid);
        AffineFit fit = new AffineFit(false, 1e6);
        for (int round = 0; round < REFINE_ROUNDS && inliers.length / 2 >= 3; round++) {
            Affine2D refined;
            try {
                refined = fit.fit(pairs(inliers, optical, em)).transform();
            } catch (DegenerateFiducialsException e) {
                break;
            }
            int[] next = oneToOne(refined, optical, em, grid);
            if (next.length / 2 < 3) {
                break;
            }
            transform = refined;
            boolean same = Arrays.equals(next, inliers);
            inliers = next;
            if (same) {
                break;
            }
        }
        if (inliers.length / 2 < settings.minInliers()) {
            throw new NotEnoughFiducialsException(inliers.length / 2, settings.minInliers(), "RANSAC inliers");
        }
        return new MatchResult(transform, pairs(inliers, optical, em), drawn);
    }

    private static List<FiducialPair> pairs(int[] flat, List<Spot> optical, List<Spot> em) {
        List<FiducialPair> out = new ArrayList<>(flat.length / 2);
        for (int k = 0; k < flat.length; k += 2) {
            out.add(FiducialPair.of(optical.get(flat[k]), em.get(flat[k + 1])));
        }
        return out;
    }

    /** One-to-one inliers as a flat array [opt0, em0, opt1, em1, ...] sorted by optical index. */
    private int[] oneToOne(Affine2D t, List<Spot> optical, List<Spot> em, SpatialGrid grid) {
        int n = optical.size();
        List<double[]> found = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Spot s = optical.get(i);
            double px = t.applyX(s.x(), s.y());
            double py = t.applyY(s.x(), s.y());
            int j = grid.nearestWithin(px, py);
            if (j >= 0) {
                found.add(new double[] {Math.hypot(em.get(j).x() - px, em.get(j).y() - py), i, j});
            }
        }
        found.sort((p, q) -> Double.compare(p[0], q[0]));
        boolean[] usedEm = new boolean[em.size()];
        int[] partner = new int[n];
        Arrays.fill(partner, -1);
        for (double[] f : found) {
            int j = (int) f[2];
            if (!usedEm[j]) {
                usedEm[j] = true;
                partner[(int) f[1]] = j;
            }
        }
        return java.util.stream.IntStream.range(0, n).filter(i -> partner[i] >= 0)
                .flatMap(i -> java.util.stream.IntStream.of(i, partner[i])).toArray();
    }

    private static double cost(Affine2D t, double[] ox, double[] oy, double[] ex, double[] ey, SpatialGrid grid,
                               double eps) {
        double cost = 0;
        for (int i = 0; i < ox.length; i++) {
            double px = t.applyX(ox[i], oy[i]);
            double py = t.applyY(ox[i], oy[i]);
            int j = grid.nearestWithin(px, py);
            if (j >= 0) {
                double dx = ex[j] - px;
                double dy = ey[j] - py;
                cost += dx * dx + dy * dy;
            } else {
                cost += eps * eps;
            }
        }
        return cost;
    }

    /** One guided 3-point hypothesis, or null if the draw failed a check. */
    private static Affine2D draw(SplittableRandom random, List<Integer> matchable, int[][] neighbours,
                                 int[][] candidates, double[] ox, double[] oy, double[] ex, double[] ey,
                                 Affine2D nominal, double u, double eps) {
        int a = random.nextInt(matchable.size());
        int i = matchable.get(a);
        int j = candidates[i][random.nextInt(candidates[i].length)];
        int[] near = neighbours[a];
        int k = matchable.get(near[random.nextInt(near.length)]);
        int l = matchable.get(near[random.nextInt(near.length)]);
        if (k == l) {
            return null;
        }
        double ax = ox[k] - ox[i];
        double ay = oy[k] - oy[i];
        double bx = ox[l] - ox[i];
        double by = oy[l] - oy[i];
        double sine = Math.abs(ax * by - ay * bx) / (Math.hypot(ax, ay) * Math.hypot(bx, by));
        if (!(sine > MIN_SINE)) {
            return null;
        }
        int jk = partner(random, ex, ey, ex[j] + nominal.linearX(ax, ay), ey[j] + nominal.linearY(ax, ay),
                2 * eps + u * Math.hypot(nominal.linearX(ax, ay), nominal.linearY(ax, ay)));
        int jl = partner(random, ex, ey, ex[j] + nominal.linearX(bx, by), ey[j] + nominal.linearY(bx, by),
                2 * eps + u * Math.hypot(nominal.linearX(bx, by), nominal.linearY(bx, by)));
        if (jk < 0 || jl < 0 || jk == j || jl == j || jk == jl) {
            return null;
        }
        Affine2D t = exact(new double[] {ox[i], ox[k], ox[l]}, new double[] {oy[i], oy[k], oy[l]},
                new double[] {ex[j], ex[jk], ex[jl]}, new double[] {ey[j], ey[jk], ey[jl]});
        if (t == null) {
            return null;
        }
        double da = t.a() - nominal.a();
        double db = t.b() - nominal.b();
        double dc = t.c() - nominal.c();
        double dd = t.d() - nominal.d();
        double diff = Math.sqrt(da * da + db * db + dc * dc + dd * dd);
        return diff <= (1.5 * u + 0.05) * Math.sqrt(nominal.linearFrobeniusSquared()) ? t : null;
    }

    private static int partner(SplittableRandom random, double[] ex, double[] ey, double px, double py, double r) {
        int[] near = within(ex, ey, px, py, r);
        return near.length == 0 ? -1 : near[random.nextInt(near.length)];
    }

    private static int[] within(double[] xs, double[] ys, double px, double py, double r) {
        double r2 = r * r;
        return java.util.stream.IntStream.range(0, xs.length)
                .filter(j -> (xs[j] - px) * (xs[j] - px) + (ys[j] - py) * (ys[j] - py) <= r2).toArray();
    }

    /** The affine map through three point pairs (EJML solve of [1 x y] B = [x' y']), or null if singular. */
    private static Affine2D exact(double[] xs, double[] ys, double[] xe, double[] ye) {
        DMatrixRMaj a = new DMatrixRMaj(3, 3);
        DMatrixRMaj rhs = new DMatrixRMaj(3, 2);
        for (int r = 0; r < 3; r++) {
            a.set(r, 0, xs[r]);
            a.set(r, 1, ys[r]);
            a.set(r, 2, 1);
            rhs.set(r, 0, xe[r]);
            rhs.set(r, 1, ye[r]);
        }
        DMatrixRMaj sol = new DMatrixRMaj(3, 2);
        if (!CommonOps_DDRM.solve(a, rhs, sol)) {
            return null;
        }
        double[] v = sol.data;
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return null;
            }
        }
        return new Affine2D(sol.get(0, 0), sol.get(1, 0), sol.get(2, 0), sol.get(0, 1), sol.get(1, 1),
                sol.get(2, 1));
    }
}
