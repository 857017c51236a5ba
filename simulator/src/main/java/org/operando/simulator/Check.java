package org.operando.simulator;

/** Argument checks shared by the settings records; each message says what was wrong and what was expected. */
final class Check {
    private Check() {
    }

    static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0. Got: " + value);
        }
        return value;
    }

    static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0. Got: " + value);
        }
        return value;
    }

    static double range(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]. Got: " + value);
        }
        return value;
    }

    static long range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]. Got: " + value);
        }
        return value;
    }

    static double fraction(String name, double value) {
        return range(name, value, 0.0, 1.0);
    }

    static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " may not be null");
        }
        return value;
    }
}
