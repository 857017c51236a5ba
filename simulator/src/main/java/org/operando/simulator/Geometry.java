package org.operando.simulator;

/**
 * Where the instruments look. The specimen frame is in nm with the EM image axes; EM pixel (i, j) has its centre at
 * specimen (stageX + i·p, stageY + j·p) when undrifted (pixel centres at integer coordinates). The optical camera
 * sees the specimen through {@link #specimenToOpticalPx()}.
 *
 * @param emStageXNm        specimen x of EM pixel (0, 0) centre, nm
 * @param emStageYNm        specimen y of EM pixel (0, 0) centre, nm
 * @param emPixelNm         EM pixel size, nm
 * @param emWidth           EM width, px
 * @param emHeight          EM height, px
 * @param opticalPixelNm    optical pixel size, nm
 * @param opticalWidth      optical width, px
 * @param opticalHeight     optical height, px
 * @param specimenToOpticalPx the true affine specimen nm → undrifted optical px
 */
public record Geometry(double emStageXNm, double emStageYNm, double emPixelNm, int emWidth, int emHeight,
                       double opticalPixelNm, int opticalWidth, int opticalHeight, Affine2D specimenToOpticalPx) {
    /** Default EM stage position: pixel (0, 0) of every EM instrument looks at specimen (12 µm, 8 µm). */
    public static final double EM_STAGE_X_NM = 12_000.0;
    public static final double EM_STAGE_Y_NM = 8_000.0;

    /**
     * The geometry of the given settings: o = (1/p_opt)·R(θ)·[[1, s], [0, 1]]·(X − c_em) + c_opt + t, with c_em the
     * EM field centre (nm) and c_opt = ((W_opt − 1)/2, (H_opt − 1)/2).
     */
    public static Geometry of(EmSettings em, OpticalSettings opt) {
        double p = em.pixelSizeNm();
        double cx = EM_STAGE_X_NM + (em.width() - 1) * p / 2.0;
        double cy = EM_STAGE_Y_NM + (em.height() - 1) * p / 2.0;
        double th = Math.toRadians(opt.rotationDeg());
        double c = Math.cos(th) / opt.pixelSizeNm();
        double s = Math.sin(th) / opt.pixelSizeNm();
        double sh = opt.shear();
        // R · [[1, sh], [0, 1]] / p = [[c, c·sh − s], [s, s·sh + c]]
        double a = c;
        double b = c * sh - s;
        double d = s;
        double e = s * sh + c;
        double ox = (opt.width() - 1) / 2.0 + opt.translationXPx();
        double oy = (opt.height() - 1) / 2.0 + opt.translationYPx();
        Affine2D map = Affine2D.of(a, b, ox - a * cx - b * cy, d, e, oy - d * cx - e * cy);
        return new Geometry(EM_STAGE_X_NM, EM_STAGE_Y_NM, p, em.width(), em.height(), opt.pixelSizeNm(),
                opt.width(), opt.height(), map);
    }

    /** Specimen nm → undrifted EM px. */
    public Affine2D specimenToEmPx() {
        return Affine2D.of(1.0 / emPixelNm, 0.0, -emStageXNm / emPixelNm, 0.0, 1.0 / emPixelNm,
                -emStageYNm / emPixelNm);
    }

    /** Undrifted optical px → undrifted EM px (the co-registration stage's target). */
    public Affine2D opticalToEmPx() {
        return specimenToEmPx().after(specimenToOpticalPx.inverse());
    }

    /** Whether a specimen point lies inside the EM field shrunk by {@code marginNm} on each side. */
    public boolean inEmField(double xNm, double yNm, double marginNm) {
        double u = (xNm - emStageXNm) / emPixelNm;
        double v = (yNm - emStageYNm) / emPixelNm;
        double m = marginNm / emPixelNm;
        return u >= m - 0.5 && v >= m - 0.5 && u <= emWidth - 0.5 - m && v <= emHeight - 0.5 - m;
    }

    /** EM field centre, specimen nm. */
    public double emCentreXNm() {
        return emStageXNm + (emWidth - 1) * emPixelNm / 2.0;
    }

    public double emCentreYNm() {
        return emStageYNm + (emHeight - 1) * emPixelNm / 2.0;
    }
}
