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
    public static final String TOLERANCE_NS = "operando.alignment.tolerance.ns";
    public static final String CLOCK_STALE_MS = "operando.sync.stale.ms";
    public static final String DRIFT_ENABLED = "operando.drift.enabled";
    public static final String REGISTRATION_ENABLED = "operando.registration.enabled";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(GRACE_MS, Type.LONG, 2_000L, Range.atLeast(0), Importance.HIGH,
                    "How long (master-clock milliseconds) alignment waits for late or out-of-order partners of an EM frame "
                            + "before a result is final; data arriving later is dead-lettered with its reason.")
            .define(TOLERANCE_NS, Type.LONG, 0L, Range.atLeast(0), Importance.MEDIUM,
                    "Extra margin (ns) added on each side of an EM exposure window when looking for overlapping optical frames.")
            .define(CLOCK_STALE_MS, Type.LONG, 2_000L, Range.atLeast(1), Importance.MEDIUM,
                    "A clock model without a new trigger mark for this long (master ms) is stale: frames restamped with it are flagged.")
            .define(DRIFT_ENABLED, Type.BOOLEAN, true, Importance.LOW, "Run the drift-correction stage.")
            .define(REGISTRATION_ENABLED, Type.BOOLEAN, true, Importance.LOW, "Run the co-registration stage.");

    public OperandoStreamsConfig(Map<?, ?> originals) {
        super(DEFINITION, originals);
    }

    public static OperandoStreamsConfig defaults() {
        return new OperandoStreamsConfig(Map.of());
    }
}
