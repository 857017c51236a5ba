package org.operando.simulator;

/**
 * Fluorescence cameras ("opt-1", ...): Gaussian PSF with FWHM = λ / (2 NA), Poisson photon noise, Gaussian read
 * noise, exponential photobleaching, u16. The specimen → optical-pixel map is the affine
 * {@code o = (1/p) · R(rotation) · [[1, shear], [0, 1]] · (X − c_em) + c_opt + t}, where c_em is the EM field
 * centre (nm), c_opt the optical image centre (px) and t the translation (px).
 *
 * @param count              number of optical instruments (0..8)
 * @param width              px, 64..2048
 * @param height             px, 64..2048
 * @param pixelSizeNm        nm at the specimen, 65..110
 * @param framesPerSecond    frame rate in the instrument clock
 * @param exposureFraction   exposure / frame period
 * @param wavelengthNm       emission wavelength λ, nm
 * @param numericalAperture  NA of the objective
 * @param rotationDeg        rotation of the optical axes against the EM axes, degrees
 * @param shear              shear coefficient of the map (slight, e.g. 0.01)
 * @param translationXPx     t_x, optical px
 * @param translationYPx     t_y, optical px
 * @param backgroundPhotons  background photons per pixel per frame
 * @param beadPhotons        photons per bead per frame before bleaching
 * @param bleachTimeS        photobleaching time constant in accumulated exposure seconds
 * @param readNoiseElectrons σ of the read noise, electrons
 * @param gain               counts per electron
 * @param offsetCounts       camera offset, counts
 * @param cameraPitchUm      physical camera pixel pitch (sets the nominal magnification), µm
 */
public record OpticalSettings(int count, int width, int height, double pixelSizeNm, double framesPerSecond,
                              double exposureFraction, double wavelengthNm, double numericalAperture,
                              double rotationDeg, double shear, double translationXPx, double translationYPx,
                              double backgroundPhotons, double beadPhotons, double bleachTimeS,
                              double readNoiseElectrons, double gain, double offsetCounts, double cameraPitchUm) {
    public OpticalSettings {
        Check.range("optical.count", count, 0, 8);
        Check.range("optical.width", width, 64, 2048);
        Check.range("optical.height", height, 64, 2048);
        Check.range("optical.pixelSizeNm", pixelSizeNm, 65.0, 110.0);
        Check.range("optical.framesPerSecond", framesPerSecond, 0.01, 10_000.0);
        Check.range("optical.exposureFraction", exposureFraction, 1e-6, 1.0);
        Check.range("optical.wavelengthNm", wavelengthNm, 300.0, 1000.0);
        Check.range("optical.numericalAperture", numericalAperture, 0.1, 1.7);
        Check.range("optical.rotationDeg", rotationDeg, -180.0, 180.0);
        Check.range("optical.shear", shear, -0.2, 0.2);
        Check.range("optical.translationXPx", translationXPx, -1e4, 1e4);
        Check.range("optical.translationYPx", translationYPx, -1e4, 1e4);
        Check.nonNegative("optical.backgroundPhotons", backgroundPhotons);
        Check.nonNegative("optical.beadPhotons", beadPhotons);
        Check.positive("optical.bleachTimeS", bleachTimeS);
        Check.nonNegative("optical.readNoiseElectrons", readNoiseElectrons);
        Check.positive("optical.gain", gain);
        Check.range("optical.offsetCounts", offsetCounts, 0.0, 60_000.0);
        Check.positive("optical.cameraPitchUm", cameraPitchUm);
    }

    public static OpticalSettings defaults() {
        return new OpticalSettings(1, 256, 256, 80.0, 10.0, 0.5, 520.0, 1.3, 3.0, 0.01, 6.3, -4.7, 20.0, 3000.0,
                600.0, 1.5, 2.0, 100.0, 6.5);
    }

    /** FWHM of the PSF at the specimen, λ / (2 NA), nm. */
    public double psfFwhmNm() {
        return wavelengthNm / (2.0 * numericalAperture);
    }

    /** σ of the Gaussian PSF in optical pixels. */
    public double psfSigmaPx() {
        return psfFwhmNm() / (2.0 * Math.sqrt(2.0 * Math.log(2.0))) / pixelSizeNm;
    }

    public long framePeriodNs() {
        return Math.round(1e9 / framesPerSecond);
    }

    public long exposureNs() {
        return Math.max(1, Math.round(framePeriodNs() * exposureFraction));
    }

    public double nominalMagnification() {
        return cameraPitchUm * 1000.0 / pixelSizeNm;
    }

    public OpticalSettings withCount(int value) {
        return new OpticalSettings(value, width, height, pixelSizeNm, framesPerSecond, exposureFraction,
                wavelengthNm, numericalAperture, rotationDeg, shear, translationXPx, translationYPx,
                backgroundPhotons, beadPhotons, bleachTimeS, readNoiseElectrons, gain, offsetCounts, cameraPitchUm);
    }

    public OpticalSettings withSize(int w, int h) {
        return new OpticalSettings(count, w, h, pixelSizeNm, framesPerSecond, exposureFraction, wavelengthNm,
                numericalAperture, rotationDeg, shear, translationXPx, translationYPx, backgroundPhotons,
                beadPhotons, bleachTimeS, readNoiseElectrons, gain, offsetCounts, cameraPitchUm);
    }

    public OpticalSettings withFramesPerSecond(double value) {
        return new OpticalSettings(count, width, height, pixelSizeNm, value, exposureFraction, wavelengthNm,
                numericalAperture, rotationDeg, shear, translationXPx, translationYPx, backgroundPhotons,
                beadPhotons, bleachTimeS, readNoiseElectrons, gain, offsetCounts, cameraPitchUm);
    }

    public OpticalSettings withOptics(double lambdaNm, double na) {
        return new OpticalSettings(count, width, height, pixelSizeNm, framesPerSecond, exposureFraction, lambdaNm,
                na, rotationDeg, shear, translationXPx, translationYPx, backgroundPhotons, beadPhotons,
                bleachTimeS, readNoiseElectrons, gain, offsetCounts, cameraPitchUm);
    }
}
