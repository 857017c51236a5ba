package org.operando.ops.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a pace: a positive number of master (or recorded) seconds per wall second, or "max" (as fast as possible, 0). */
public final class SpeedConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        if ("max".equalsIgnoreCase(value)) {
            return 0.0;
        }
        try {
            double v = Double.parseDouble(value);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new TypeConversionException("'" + value + "' is not a speed; expected a positive number or 'max'");
    }
}
