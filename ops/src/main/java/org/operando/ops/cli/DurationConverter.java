package org.operando.ops.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations as scientists write them: 30s, 2m, 1h, 500ms, 1.5s. */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        Matcher m = FORMAT.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration; expected a number with a unit: 500ms, 30s, 2m, 1h");
        }
        double n = Double.parseDouble(m.group(1));
        double ms = switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1e3;
            case "m" -> n * 60e3;
            default -> n * 3600e3;
        };
        if (ms <= 0) {
            throw new TypeConversionException("Duration must be positive. Got: " + value);
        }
        return Duration.ofNanos((long) (ms * 1e6));
    }
}
