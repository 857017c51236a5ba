package org.operando.streams.correlation;

/** Whether particles are brighter ({@code value > level}) or darker ({@code value < level}) than the background. */
public enum Polarity {
    BRIGHT,
    DARK;

    boolean isForeground(float value, double level) {
        return this == BRIGHT ? value > level : value < level;
    }
}
