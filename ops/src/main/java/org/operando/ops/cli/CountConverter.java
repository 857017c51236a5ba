package org.operando.ops.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a whole-number count with a lower bound ({@code --threads} at least 1, {@code --standby-replicas} at least 0),
 * so a bad value is a one-line usage error before anything starts.
 */
public abstract class CountConverter implements ITypeConverter<Integer> {
    private final int minimum;

    private CountConverter(int minimum) {
        this.minimum = minimum;
    }

    @Override
    public Integer convert(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= minimum) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new TypeConversionException("'" + value + "' is not a count; expected a whole number of at least " + minimum);
    }

    /** At least 1: stream threads. */
    public static final class AtLeastOne extends CountConverter {
        public AtLeastOne() {
            super(1);
        }
    }

    /** At least 0: standby replicas. */
    public static final class AtLeastZero extends CountConverter {
        public AtLeastZero() {
            super(0);
        }
    }
}
