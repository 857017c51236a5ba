package org.operando.schemas;

import java.util.Optional;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.PixelType;
import org.operando.schema.TriggerMark;

/**
 * Semantic checks a decodable record must pass before any stage uses it. Each returns the reason it is invalid
 * (what was wrong and what was expected), or empty when it is valid.
 */
public final class Validation {
    private static final int MAX_SIDE = 16384;

    private Validation() {
    }

    public static Optional<String> check(Frame frame) {
        if (frame.getRunId().isBlank() || frame.getInstrumentId().isBlank()) {
            return Optional.of("Frame needs a runId and an instrumentId. Got runId='" + frame.getRunId()
                    + "', instrumentId='" + frame.getInstrumentId() + "'");
        }
        if (frame.getSequence() < 0) {
            return Optional.of("Frame sequence may not be negative. Got: " + frame.getSequence());
        }
        if (frame.getWidth() <= 0 || frame.getHeight() <= 0 || frame.getWidth() > MAX_SIDE || frame.getHeight() > MAX_SIDE) {
            return Optional.of("Frame dimensions must be 1.." + MAX_SIDE + " pixels. Got: " + frame.getWidth() + "x" + frame.getHeight());
        }
        if (frame.getExposureNs() <= 0) {
            return Optional.of("Frame exposure must be positive. Got: " + frame.getExposureNs() + " ns");
        }
        if (!(frame.getPixelSizeNm() > 0) || Double.isInfinite(frame.getPixelSizeNm())) {
            return Optional.of("Frame pixel size must be a positive number of nm. Got: " + frame.getPixelSizeNm());
        }
        if (frame.getPumpDelayFs() != null && frame.getPumpOn() == null) {
            return Optional.of("Frame has a pump delay but no pumpOn flag; pump-probe frames need both");
        }
        if (frame.getCompression() == org.operando.schema.Compression.NONE) {
            long expected = (long) frame.getWidth() * frame.getHeight() * bytesPerPixel(frame.getPixelType());
            int actual = frame.getPixels().remaining();
            if (actual != expected) {
                return Optional.of("Frame payload has " + actual + " bytes; expected " + expected + " for "
                        + frame.getWidth() + "x" + frame.getHeight() + " " + frame.getPixelType());
            }
        }
        return Optional.empty();
    }

    public static Optional<String> check(ElectrochemBlock block) {
        if (block.getRunId().isBlank() || block.getInstrumentId().isBlank()) {
            return Optional.of("ElectrochemBlock needs a runId and an instrumentId");
        }
        if (block.getSamplePeriodNs() <= 0) {
            return Optional.of("ElectrochemBlock sample period must be positive. Got: " + block.getSamplePeriodNs() + " ns");
        }
        if (block.getPotentialV().size() != block.getCurrentA().size()) {
            return Optional.of("ElectrochemBlock has " + block.getPotentialV().size() + " potentials but "
                    + block.getCurrentA().size() + " currents; expected equal lengths");
        }
        if (block.getPotentialV().isEmpty()) {
            return Optional.of("ElectrochemBlock has no samples; expected at least one");
        }
        for (int i = 0; i < block.getCurrentA().size(); i++) {
            if (!Double.isFinite(block.getCurrentA().get(i)) || !Double.isFinite(block.getPotentialV().get(i))) {
                return Optional.of("ElectrochemBlock sample " + i + " is not a finite number; expected finite volts and amperes");
            }
        }
        return Optional.empty();
    }

    public static Optional<String> check(TriggerMark mark) {
        if (mark.getRunId().isBlank() || mark.getInstrumentId().isBlank()) {
            return Optional.of("TriggerMark needs a runId and an instrumentId");
        }
        if (mark.getTriggerLine().isBlank()) {
            return Optional.of("TriggerMark needs a trigger line name, e.g. ttl0");
        }
        return Optional.empty();
    }

    public static int bytesPerPixel(PixelType type) {
        return switch (type) {
            case U8 -> 1;
            case U16 -> 2;
            case F32 -> 4;
        };
    }
}
