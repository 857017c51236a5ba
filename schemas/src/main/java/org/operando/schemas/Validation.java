package org.operando.schemas;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.ReasonCode;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.TriggerMark;

/**
 * Checks a decodable record must pass, on its own, before any stage uses it. Each returns why the record is invalid (a
 * {@link ReasonCode} and what was wrong and what was expected), or empty when it is valid. What needs the run's state
 * (the descriptor of the stream, the instruments of the run, the stream's recent times, duplicates) is checked per run.
 *
 * <p>The bounds are generous, to tell absurd values (corruption, unit errors, uninitialised fields) from real ones:
 * times are instrument or master clock readings in [0, {@link #MAX_TIME_NS}] (146 years of ns; negative readings do not
 * occur: instrument clocks count from boot or from the epoch), exposures and sample periods at most
 * {@link #MAX_EXPOSURE_NS}, positions within a metre, potentials and currents within ±{@link #MAX_EC_MAGNITUDE}.
 */
public final class Validation {
    public static final int MAX_SIDE = 16384;
    /** Largest clock reading, ns (2^62, 146 years): leaves room for sums and differences of two times without overflow. */
    public static final long MAX_TIME_NS = 1L << 62;
    /** Longest exposure, sample period or trigger period, ns (60 s). */
    public static final long MAX_EXPOSURE_NS = 60_000_000_000L;
    /** Largest |stage position| or stage origin, nm (1 m). */
    public static final double MAX_POSITION_NM = 1e9;
    /** Largest pixel size at the specimen, nm (1 mm). */
    public static final double MAX_PIXEL_SIZE_NM = 1e6;
    /** Largest |pump-probe delay|, fs (1 s). */
    public static final long MAX_PUMP_DELAY_FS = 1_000_000_000_000_000L;
    /** Largest |potential| in V and |current| in A. */
    public static final double MAX_EC_MAGNITUDE = 1e3;
    /** Most samples in one ElectrochemBlock. */
    public static final int MAX_EC_SAMPLES = 1 << 20;

    private Validation() {
    }

    public static Optional<Invalid> check(Frame frame) {
        Optional<Invalid> ids = ids("Frame", frame.getRunId(), frame.getInstrumentId());
        if (ids.isPresent()) {
            return ids;
        }
        if (frame.getSequence() < 0) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "Frame sequence may not be negative. Got: " + frame.getSequence());
        }
        if (frame.getWidth() <= 0 || frame.getHeight() <= 0 || frame.getWidth() > MAX_SIDE || frame.getHeight() > MAX_SIDE) {
            return Invalid.of(ReasonCode.BAD_DIMENSIONS, "Frame dimensions must be 1.." + MAX_SIDE + " pixels. Got: "
                    + frame.getWidth() + "x" + frame.getHeight());
        }
        Optional<Invalid> time = time("Frame instrumentTimeNs", frame.getInstrumentTimeNs());
        if (time.isPresent()) {
            return time;
        }
        if (frame.getExposureNs() <= 0 || frame.getExposureNs() > MAX_EXPOSURE_NS) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "Frame exposure must be 1.." + MAX_EXPOSURE_NS + " ns. Got: "
                    + frame.getExposureNs() + " ns");
        }
        if (!(frame.getPixelSizeNm() > 0) || !(frame.getPixelSizeNm() <= MAX_PIXEL_SIZE_NM)) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "Frame pixel size must be a positive number of nm up to "
                    + MAX_PIXEL_SIZE_NM + ". Got: " + frame.getPixelSizeNm());
        }
        if (!within(frame.getStageXNm(), MAX_POSITION_NM) || !within(frame.getStageYNm(), MAX_POSITION_NM)) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "Frame stage position must be finite and within ±" + MAX_POSITION_NM
                    + " nm. Got: (" + frame.getStageXNm() + ", " + frame.getStageYNm() + ")");
        }
        if (frame.getPumpDelayFs() != null && frame.getPumpOn() == null) {
            return Invalid.of(ReasonCode.INCONSISTENT, "Frame has a pump delay but no pumpOn flag; pump-probe frames need both");
        }
        if (frame.getPumpDelayFs() != null
                && (frame.getPumpDelayFs() < -MAX_PUMP_DELAY_FS || frame.getPumpDelayFs() > MAX_PUMP_DELAY_FS)) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "Frame pump delay must be within ±" + MAX_PUMP_DELAY_FS + " fs. Got: "
                    + frame.getPumpDelayFs());
        }
        return FramePixels.check(frame);
    }

    public static Optional<Invalid> check(ElectrochemBlock block) {
        Optional<Invalid> ids = ids("ElectrochemBlock", block.getRunId(), block.getInstrumentId());
        if (ids.isPresent()) {
            return ids;
        }
        if (block.getSequence() < 0) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "ElectrochemBlock sequence may not be negative. Got: " + block.getSequence());
        }
        if (block.getSamplePeriodNs() <= 0 || block.getSamplePeriodNs() > MAX_EXPOSURE_NS) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "ElectrochemBlock sample period must be 1.." + MAX_EXPOSURE_NS
                    + " ns. Got: " + block.getSamplePeriodNs() + " ns");
        }
        if (block.getPotentialV().size() != block.getCurrentA().size()) {
            return Invalid.of(ReasonCode.INCONSISTENT, "ElectrochemBlock has " + block.getPotentialV().size() + " potentials but "
                    + block.getCurrentA().size() + " currents; expected equal lengths");
        }
        int n = block.getPotentialV().size();
        if (n == 0 || n > MAX_EC_SAMPLES) {
            return Invalid.of(ReasonCode.INCONSISTENT, "ElectrochemBlock has " + n + " samples; expected 1.." + MAX_EC_SAMPLES);
        }
        Optional<Invalid> time = time("ElectrochemBlock firstSampleInstrumentTimeNs", block.getFirstSampleInstrumentTimeNs());
        if (time.isPresent()) {
            return time;
        }
        if (block.getFirstSampleInstrumentTimeNs() + (double) block.getSamplePeriodNs() * n > MAX_TIME_NS) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "ElectrochemBlock's last sample time passes " + MAX_TIME_NS + " ns");
        }
        if (block.getScanRateVPerS() != null && !within(block.getScanRateVPerS(), MAX_EC_MAGNITUDE)) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "ElectrochemBlock scan rate must be finite and within ±" + MAX_EC_MAGNITUDE
                    + " V/s. Got: " + block.getScanRateVPerS());
        }
        List<Double> potential = block.getPotentialV();
        List<Double> current = block.getCurrentA();
        for (int i = 0; i < n; i++) {
            if (!within(current.get(i), MAX_EC_MAGNITUDE) || !within(potential.get(i), MAX_EC_MAGNITUDE)) {
                return Invalid.of(ReasonCode.OUT_OF_RANGE, "ElectrochemBlock sample " + i + " is " + potential.get(i) + " V, "
                        + current.get(i) + " A; expected finite volts and amperes within ±" + MAX_EC_MAGNITUDE);
            }
        }
        return Optional.empty();
    }

    public static Optional<Invalid> check(TriggerMark mark) {
        Optional<Invalid> ids = ids("TriggerMark", mark.getRunId(), mark.getInstrumentId());
        if (ids.isPresent()) {
            return ids;
        }
        if (mark.getTriggerLine().isBlank()) {
            return Invalid.of(ReasonCode.MISSING_ID, "TriggerMark needs a trigger line name, e.g. ttl0");
        }
        if (mark.getSequence() < 0) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "TriggerMark sequence may not be negative. Got: " + mark.getSequence());
        }
        return time("TriggerMark instrumentTimeNs", mark.getInstrumentTimeNs());
    }

    /** A run's start: ids, a positive trigger period, and instruments listed once each with plausible optics. */
    public static Optional<Invalid> check(RunStart start) {
        Optional<Invalid> ids = ids("RunStart", start.getRunId(), start.getInstrumentId());
        if (ids.isPresent()) {
            return ids;
        }
        Optional<Invalid> time = time("RunStart startMasterTimeNs", start.getStartMasterTimeNs());
        if (time.isPresent()) {
            return time;
        }
        if (start.getTriggerPeriodNs() != null && (start.getTriggerPeriodNs() <= 0 || start.getTriggerPeriodNs() > MAX_EXPOSURE_NS)) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "RunStart trigger period must be 1.." + MAX_EXPOSURE_NS + " ns, or absent. Got: "
                    + start.getTriggerPeriodNs() + " ns");
        }
        if (start.getInstruments().isEmpty()) {
            return Invalid.of(ReasonCode.INCONSISTENT, "RunStart of run " + start.getRunId() + " lists no instruments; expected at least one");
        }
        Set<String> seen = new HashSet<>();
        for (InstrumentInfo i : start.getInstruments()) {
            if (i.getInstrumentId().isBlank() || i.getClockDomain().isBlank()) {
                return Invalid.of(ReasonCode.MISSING_ID, "RunStart lists an instrument without an id or clock domain. Got instrumentId='"
                        + i.getInstrumentId() + "', clockDomain='" + i.getClockDomain() + "'");
            }
            if (!seen.add(i.getInstrumentId())) {
                return Invalid.of(ReasonCode.INCONSISTENT, "RunStart lists instrument " + i.getInstrumentId()
                        + " more than once; expected each instrument once");
            }
            if (i.getPixelSizeNm() != null && !(i.getPixelSizeNm() > 0 && i.getPixelSizeNm() <= MAX_PIXEL_SIZE_NM)) {
                return Invalid.of(ReasonCode.OUT_OF_RANGE, "RunStart pixel size of " + i.getInstrumentId() + " must be in (0, "
                        + MAX_PIXEL_SIZE_NM + "] nm. Got: " + i.getPixelSizeNm());
            }
            if (i.getNominalMagnification() != null && !(i.getNominalMagnification() > 0 && Double.isFinite(i.getNominalMagnification()))) {
                return Invalid.of(ReasonCode.OUT_OF_RANGE, "RunStart magnification of " + i.getInstrumentId()
                        + " must be a positive number. Got: " + i.getNominalMagnification());
            }
        }
        return Optional.empty();
    }

    public static Optional<Invalid> check(RunStop stop) {
        Optional<Invalid> ids = ids("RunStop", stop.getRunId(), stop.getInstrumentId());
        if (ids.isPresent()) {
            return ids;
        }
        Optional<Invalid> time = time("RunStop stopMasterTimeNs", stop.getStopMasterTimeNs());
        if (time.isPresent()) {
            return time;
        }
        for (var e : stop.getRecordsPublished().entrySet()) {
            if (e.getKey().isBlank() || e.getValue() == null || e.getValue() < 0) {
                return Invalid.of(ReasonCode.OUT_OF_RANGE, "RunStop recordsPublished must map instrument ids to counts >= 0. Got: '"
                        + e.getKey() + "' -> " + e.getValue());
            }
        }
        return Optional.empty();
    }

    /** A stream's descriptor: ids and clock domain; for an imaging stream, pixel type, plausible dimensions and pixel size. */
    public static Optional<Invalid> check(StreamDescriptor d) {
        Optional<Invalid> ids = ids("StreamDescriptor", d.getRunId(), d.getInstrumentId());
        if (ids.isPresent()) {
            return ids;
        }
        if (d.getClockDomain().isBlank()) {
            return Invalid.of(ReasonCode.MISSING_ID, "StreamDescriptor of " + d.getInstrumentId() + " needs a clock domain");
        }
        if (d.getModality() == Modality.EM || d.getModality() == Modality.OPTICAL) {
            if (d.getPixelType() == null || d.getWidth() == null || d.getHeight() == null || d.getPixelSizeNm() == null) {
                return Invalid.of(ReasonCode.INCONSISTENT, "StreamDescriptor of imaging stream " + d.getInstrumentId()
                        + " needs pixelType, width, height and pixelSizeNm");
            }
            if (d.getWidth() <= 0 || d.getHeight() <= 0 || d.getWidth() > MAX_SIDE || d.getHeight() > MAX_SIDE
                    || (long) d.getWidth() * d.getHeight() * bytesPerPixel(d.getPixelType()) > FramePixels.MAX_RAW_BYTES) {
                return Invalid.of(ReasonCode.BAD_DIMENSIONS, "StreamDescriptor of " + d.getInstrumentId() + " declares "
                        + d.getWidth() + "x" + d.getHeight() + " " + d.getPixelType() + "; expected sides 1.." + MAX_SIDE
                        + " and at most " + FramePixels.MAX_RAW_BYTES + " bytes per frame");
            }
            if (!(d.getPixelSizeNm() > 0 && d.getPixelSizeNm() <= MAX_PIXEL_SIZE_NM)) {
                return Invalid.of(ReasonCode.OUT_OF_RANGE, "StreamDescriptor pixel size must be in (0, " + MAX_PIXEL_SIZE_NM
                        + "] nm. Got: " + d.getPixelSizeNm());
            }
        }
        if ((d.getStageOriginXNm() != null && !within(d.getStageOriginXNm(), MAX_POSITION_NM))
                || (d.getStageOriginYNm() != null && !within(d.getStageOriginYNm(), MAX_POSITION_NM))) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "StreamDescriptor stage origin must be finite and within ±" + MAX_POSITION_NM + " nm");
        }
        if ((d.getFramesPerS() != null && !(d.getFramesPerS() > 0 && Double.isFinite(d.getFramesPerS())))
                || (d.getSampleRateHz() != null && !(d.getSampleRateHz() > 0 && Double.isFinite(d.getSampleRateHz())))) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, "StreamDescriptor rates must be positive numbers. Got framesPerS="
                    + d.getFramesPerS() + ", sampleRateHz=" + d.getSampleRateHz());
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

    private static Optional<Invalid> ids(String type, String runId, String instrumentId) {
        if (runId.isBlank() || instrumentId.isBlank()) {
            return Invalid.of(ReasonCode.MISSING_ID, type + " needs a runId and an instrumentId. Got runId='" + runId
                    + "', instrumentId='" + instrumentId + "'");
        }
        return Optional.empty();
    }

    private static Optional<Invalid> time(String what, long ns) {
        if (ns < 0 || ns > MAX_TIME_NS) {
            return Invalid.of(ReasonCode.OUT_OF_RANGE, what + " must be a clock reading in 0.." + MAX_TIME_NS + " ns. Got: " + ns);
        }
        return Optional.empty();
    }

    private static boolean within(double value, double limit) {
        return Double.isFinite(value) && Math.abs(value) <= limit;
    }
}
