package org.operando.streams.registration;

/**
 * Where an image sits on the specimen, as reported by the instrument: size, nominal pixel size and the stage
 * position of the image centre. Image axes are taken parallel to the stage axes (x right, y down) up to the
 * nominal rotation given to {@link NominalTransform#fromStage}.
 *
 * @param width       pixels
 * @param height      pixels
 * @param pixelSizeNm nominal pixel size, nm
 * @param stageXNm    specimen x at the image centre, nm
 * @param stageYNm    specimen y at the image centre, nm
 */
public record ImageGeometry(int width, int height, double pixelSizeNm, double stageXNm, double stageYNm) {
    public ImageGeometry {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Image size must be positive. Got: " + width + " x " + height);
        }
        if (!(pixelSizeNm > 0) || !Double.isFinite(pixelSizeNm)) {
            throw new IllegalArgumentException("Pixel size must be positive and finite (nm). Got: " + pixelSizeNm);
        }
        if (!Double.isFinite(stageXNm) || !Double.isFinite(stageYNm)) {
            throw new IllegalArgumentException("Stage position must be finite. Got: (" + stageXNm + ", "
                    + stageYNm + ")");
        }
    }

    /** x of the image centre in pixel coordinates, (width - 1) / 2. */
    public double centreX() {
        return (width - 1) / 2.0;
    }

    public double centreY() {
        return (height - 1) / 2.0;
    }
}
