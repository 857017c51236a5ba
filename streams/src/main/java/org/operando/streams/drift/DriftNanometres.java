package org.operando.streams.drift;

/**
 * A {@link DriftState} in nanometres (what a {@code DriftEstimate} record publishes next to the
 * pixel values). Same sign convention: where the specimen content has moved to since the anchor frame.
 */
public record DriftNanometres(long sequence, double rawDxNm, double rawDyNm, double smoothDxNm, double smoothDyNm,
                              double confidence) {
}
