package org.operando.streams.run;

import org.operando.schema.ReasonCode;

/**
 * The reason code of a dead letter made by the pixel or run stages, from the stage and the start of its reason (the
 * stages word their reasons in a few fixed ways; docs/dead-letters.md lists them).
 */
public final class StageReasons {
    private StageReasons() {
    }

    public static ReasonCode code(String stage, String reason) {
        String r = reason == null ? "" : reason;
        return switch (stage) {
            case "duplicate" -> ReasonCode.DUPLICATE;
            case "align" -> ReasonCode.LATE;
            case "drift", "registration", "features", "run-stages" -> ReasonCode.STAGE_FAILURE;
            case "pixels" -> ReasonCode.BAD_COMPRESSION;
            case "announce" -> ReasonCode.NOT_ANNOUNCED;
            case "sync" -> r.startsWith("No clock model") ? ReasonCode.NO_CLOCK_MODEL
                    : r.startsWith("Instrument time") ? ReasonCode.IMPLAUSIBLE_TIME : ReasonCode.NOT_ANNOUNCED;
            case "validate" -> r.startsWith("Record key") ? ReasonCode.KEY_MISMATCH
                    : r.startsWith("StreamDescriptor of") ? ReasonCode.NOT_ANNOUNCED
                    : r.startsWith("Frame is ") ? ReasonCode.DESCRIPTOR_MISMATCH
                    : r.startsWith("Frame time") ? ReasonCode.IMPLAUSIBLE_TIME
                    : r.startsWith("Frame sequence") ? ReasonCode.OUT_OF_RANGE : ReasonCode.INCONSISTENT;
            case "run" -> r.contains("never started") ? ReasonCode.ORPHAN
                    : r.contains("was closed") ? ReasonCode.RUN_CLOSED
                    : r.contains("bytes of state") ? ReasonCode.STATE_BOUND : ReasonCode.UNSPECIFIED;
            default -> ReasonCode.UNSPECIFIED;
        };
    }
}
