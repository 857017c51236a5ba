package org.operando.simulator;

/**
 * What a run's metadata says about one instrument (sent once, in RunStart).
 *
 * @param id                   instrument id ("em-1", "opt-1", "pstat-1", "timing")
 * @param modality             EM, OPTICAL, ELECTROCHEM or TIMING
 * @param pixelSizeNm          image pixel size at the specimen, nm (0 for non-imaging instruments)
 * @param width                image width, px (0 for non-imaging)
 * @param height               image height, px (0 for non-imaging)
 * @param nominalMagnification detector pitch / pixel size (0 for non-imaging)
 * @param stageXNm             specimen x of the centre of pixel (0, 0), undrifted, nm (0 for non-imaging)
 * @param stageYNm             specimen y of the centre of pixel (0, 0), undrifted, nm
 * @param framePeriodNs        nominal frame (or EC block) period in the instrument clock, ns; trigger period for
 *                             TIMING
 * @param samplePeriodNs       EC sample period in the instrument clock, ns (0 otherwise)
 */
public record InstrumentDescriptor(String id, Modality modality, double pixelSizeNm, int width, int height,
                                   double nominalMagnification, double stageXNm, double stageYNm,
                                   long framePeriodNs, long samplePeriodNs) {
    public InstrumentDescriptor {
        Check.notNull("id", id);
        Check.notNull("modality", modality);
        if (modality.isImaging() && (width <= 0 || height <= 0 || !(pixelSizeNm > 0))) {
            throw new IllegalArgumentException("Imaging instrument " + id
                    + " needs width, height and pixel size > 0. Got: " + width + "x" + height + " @ " + pixelSizeNm);
        }
    }
}
