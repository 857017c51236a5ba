package org.operando.streams.pixels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.operando.schema.DriftMeasure;
import org.operando.schema.Frame;
import org.operando.schema.SpotFit;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.correlation.FloatImage;
import org.operando.streams.correlation.ImageFeatures;
import org.operando.streams.correlation.ParticleSettings;
import org.operando.streams.correlation.ParticleStats;
import org.operando.streams.correlation.Polarity;
import org.operando.streams.correlation.RobustThreshold;
import org.operando.streams.correlation.Roi;
import org.operando.streams.correlation.Threshold;
import org.operando.streams.registration.ImageView;
import org.operando.streams.registration.Spot;
import org.operando.streams.registration.SpotDetector;
import org.operando.streams.registration.SpotDetectorSettings;

/**
 * What the pixel stage measures in one frame besides its drift, with no Kafka in it: the image features of an EM frame
 * (particle count and projected area from a robust background threshold, dark particles, 8-connected; the mean counts
 * in a central circular ROI that follows the frame's own filtered drift) and the fiducials for co-registration (gold
 * discs in EM, PSF-sized beads in optical frames).
 */
public final class FrameAnalyzer {
    public static final String AREA = "particleAreaNm2";
    public static final String COUNT = "particleCount";
    public static final String ROI = "roiMeanCounts";

    private final double roiRadiusFraction;
    private final double psfFwhmNm;
    private final double fiducialDiameterNm;
    private final org.operando.streams.registration.Polarity fiducialPolarity;

    public FrameAnalyzer(OperandoStreamsConfig config) {
        this.roiRadiusFraction = config.getDouble(OperandoStreamsConfig.ROI_RADIUS_FRACTION);
        this.psfFwhmNm = config.getDouble(OperandoStreamsConfig.PSF_FWHM_NM);
        this.fiducialDiameterNm = config.getDouble(OperandoStreamsConfig.FIDUCIAL_DIAMETER_NM);
        this.fiducialPolarity = config.getBoolean(OperandoStreamsConfig.FIDUCIAL_DARK)
                ? org.operando.streams.registration.Polarity.DARK : org.operando.streams.registration.Polarity.BRIGHT;
    }

    /** Features of an EM frame; {@code drift} is the frame's stream's newest drift state (null before the first). */
    public Map<String, Double> emFeatures(Frame f, float[] pixels, DriftMeasure drift) {
        FloatImage image = new FloatImage(f.getWidth(), f.getHeight(), pixels);
        // a threshold from the frame's background noise: Otsu splits pure noise when particles are few or faint
        ParticleStats particles = ImageFeatures.particles(image, new ParticleSettings(
                new Threshold.Fixed(RobustThreshold.level(image, Polarity.DARK, 4)), Polarity.DARK, 8, f.getPixelSizeNm()));
        double cx = (f.getWidth() - 1) / 2.0 + (drift == null ? 0 : drift.getSmoothDxPx());
        double cy = (f.getHeight() - 1) / 2.0 + (drift == null ? 0 : drift.getSmoothDyPx());
        double roi = ImageFeatures.meanIntensity(image, new Roi.Circle(cx, cy, roiRadiusFraction * Math.min(f.getWidth(), f.getHeight())));
        Map<String, Double> features = new TreeMap<>();
        features.put(AREA, particles.areaNm2());
        features.put(COUNT, (double) particles.count());
        features.put(ROI, roi);
        if (f.getPumpDelayFs() != null && f.getPumpOn() != null) {
            // the dashboard plots pumpProbe* features against pumpDelayFs
            features.put("pumpDelayFs", (double) f.getPumpDelayFs());
            features.put(f.getPumpOn() ? "pumpProbePumpedCounts" : "pumpProbeUnpumpedCounts", roi);
        }
        return features;
    }

    /** Gold fiducials in an EM frame. */
    public List<SpotFit> emSpots(Frame f, float[] pixels) {
        return spots(SpotDetectorSettings.forDisc(fiducialDiameterNm, f.getPixelSizeNm(), fiducialPolarity), f, pixels);
    }

    /** Fluorescent bead fiducials in an optical frame. */
    public List<SpotFit> opticalSpots(Frame f, float[] pixels) {
        return spots(SpotDetectorSettings.forGaussianPsf(psfFwhmNm, f.getPixelSizeNm(),
                org.operando.streams.registration.Polarity.BRIGHT), f, pixels);
    }

    private static List<SpotFit> spots(SpotDetectorSettings settings, Frame f, float[] pixels) {
        List<SpotFit> out = new ArrayList<>();
        for (Spot s : new SpotDetector(settings).detect(ImageView.ofFloats(f.getWidth(), f.getHeight(), pixels))) {
            out.add(new SpotFit(s.x(), s.y(), s.amplitude(), s.sigma(), s.localizationErrorPx()));
        }
        return out;
    }

    /** Spots as the registration kernel takes them. */
    public static List<Spot> toSpots(List<SpotFit> fits) {
        return fits.stream().map(s -> new Spot(s.getX(), s.getY(), s.getAmplitude(), s.getSigma(), s.getLocalizationErrorPx())).toList();
    }
}
