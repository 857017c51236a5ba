package org.operando.streams;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of Operando's processing stages, declared once with default, validation and documentation. */
public final class OperandoStreamsConfig extends AbstractConfig {
    public static final String GRACE_MS = "operando.alignment.grace.ms";
    public static final String SETTLE_MS = "operando.alignment.settle.ms";
    public static final String TOLERANCE_NS = "operando.alignment.tolerance.ns";
    public static final String STALL_MS = "operando.alignment.stall.ms";
    public static final String CLOCK_STALE_MS = "operando.sync.stale.ms";
    public static final String PARTNER_STALL_MS = "operando.alignment.partner.stall.ms";
    public static final String MAX_RUN_BYTES = "operando.run.max.bytes";
    public static final String DRIFT_ENABLED = "operando.drift.enabled";
    public static final String REGISTRATION_ENABLED = "operando.registration.enabled";
    public static final String CORRELATION_INTERVAL = "operando.correlation.interval.frames";
    public static final String ROI_RADIUS_FRACTION = "operando.correlation.roi.radius.fraction";
    public static final String REGISTRATION_INTERVAL = "operando.registration.interval.frames";
    public static final String OPTICAL_SPOT_INTERVAL = "operando.registration.optical.interval.frames";
    public static final String PSF_FWHM_NM = "operando.registration.psf.fwhm.nm";
    public static final String FIDUCIAL_DIAMETER_NM = "operando.registration.fiducial.diameter.nm";
    public static final String FIDUCIAL_DARK = "operando.registration.fiducial.dark";
    public static final String STAGE_UNCERTAINTY_NM = "operando.registration.stage.uncertainty.nm";
    public static final String ROTATION_UNCERTAINTY_DEG = "operando.registration.rotation.uncertainty.deg";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(GRACE_MS, Type.LONG, 2_000L, Range.atLeast(0), Importance.HIGH,
                    "How long (master-clock milliseconds) alignment waits for late or out-of-order partners of an EM frame "
                            + "before a result is final; data arriving later is dead-lettered with its reason.")
            .define(SETTLE_MS, Type.LONG, 200L, Range.atLeast(0), Importance.LOW,
                    "An EM window is first emitted once every partner stream has delivered this far (master-clock milliseconds) "
                            + "past its end (at most the grace period); a partner record arriving later within the grace period "
                            + "amends it as a new revision. Shorter: results sooner (50 ms saves ~50 ms of a window's median "
                            + "latency); but a partner record out of its stream's order by more than this makes a revision "
                            + "whose presence depends on how the topics interleave, so results of out-of-order input are then "
                            + "no longer independent of delivery timing.")
            .define(STALL_MS, Type.LONG, 120_000L, Range.atLeast(0), Importance.MEDIUM,
                    "A run whose RunStop has come but whose announced records have not all been seen is closed anyway once "
                            + "nothing of it has come for this long (wall-clock ms). Longer than the pixel stage can lag behind the "
                            + "run's small records on a loaded machine, or a failover takes; a frame whose modality is unknown is held "
                            + "half of it, at most 5 s.")
            .define(PARTNER_STALL_MS, Type.LONG, 120_000L, Range.atLeast(1), Importance.MEDIUM,
                    "An EM window waits for every partner stream (optical, EC) to pass it, by the partner's own event time. A "
                            + "partner that delivers nothing for this long (wall-clock ms) while the run's other streams do is declared "
                            + "stalled and no longer waited for, until it delivers again. Longer than a failover takes.")
            .define(MAX_RUN_BYTES, Type.LONG, 512L * 1024 * 1024, Range.atLeast(1024), Importance.MEDIUM,
                    "Bytes of input (run metadata, marks, EC blocks, frame analyses; never pixels) one open run may hold in its "
                            + "state; records beyond it are dead-lettered with the reason, and the run goes on without them.")
            .define(TOLERANCE_NS, Type.LONG, 0L, Range.atLeast(0), Importance.MEDIUM,
                    "Extra margin (ns) added on each side of an EM exposure window when looking for overlapping optical frames.")
            .define(CLOCK_STALE_MS, Type.LONG, 2_000L, Range.atLeast(1), Importance.MEDIUM,
                    "A clock model without a new trigger mark for this long (master ms) is stale: frames restamped with it are flagged.")
            .define(DRIFT_ENABLED, Type.BOOLEAN, true, Importance.LOW, "Run the drift-correction stage.")
            .define(REGISTRATION_ENABLED, Type.BOOLEAN, true, Importance.LOW, "Run the co-registration stage.")
            .define(CORRELATION_INTERVAL, Type.INT, 50, Range.atLeast(1), Importance.MEDIUM,
                    "Recompute the run-level correlations (lag, CV curve, pump-probe time constant) every this many EM frames, and at run end.")
            .define(ROI_RADIUS_FRACTION, Type.DOUBLE, 0.25, Range.between(0.01, 0.5), Importance.MEDIUM,
                    "Radius of the central region of interest, as a fraction of the EM frame's smaller side; the ROI follows the measured drift.")
            .define(REGISTRATION_INTERVAL, Type.INT, 25, Range.atLeast(1), Importance.MEDIUM,
                    "Fit the optical-to-EM registration again every this many EM frames; a new Registration record is "
                            + "published when the fit moves by more than half its predicted TRE.")
            .define(OPTICAL_SPOT_INTERVAL, Type.INT, 5, Range.atLeast(1), Importance.LOW,
                    "Detect bead fiducials in every this-many-th optical frame of a stream (spot detection is the costliest step "
                            + "of an optical frame); a due EM frame is registered with the overlapping, else the nearest earlier, such frame.")
            .define(PSF_FWHM_NM, Type.DOUBLE, 200.0, Range.atLeast(1), Importance.MEDIUM,
                    "Optical PSF full width at half maximum at the specimen, nm (lambda / (2 NA)); sizes the bead detector.")
            .define(FIDUCIAL_DIAMETER_NM, Type.DOUBLE, 15.0, Range.atLeast(0.1), Importance.MEDIUM,
                    "Diameter of the gold fiducials seen by EM, nm; sizes the EM spot detector.")
            .define(FIDUCIAL_DARK, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Gold fiducials appear dark in EM (bright-field); false for bright (e.g. HAADF).")
            .define(STAGE_UNCERTAINTY_NM, Type.DOUBLE, 5_000.0, Range.atLeast(0), Importance.MEDIUM,
                    "How far (nm) the stage readouts may be from the truth; bounds the search for fiducial correspondences.")
            .define(ROTATION_UNCERTAINTY_DEG, Type.DOUBLE, 5.0, Range.between(0, 180), Importance.LOW,
                    "Largest rotation (degrees) between the optical camera and the EM image axes.");

    public OperandoStreamsConfig(Map<?, ?> originals) {
        super(DEFINITION, originals);
    }

    public static OperandoStreamsConfig defaults() {
        return new OperandoStreamsConfig(Map.of());
    }
}
