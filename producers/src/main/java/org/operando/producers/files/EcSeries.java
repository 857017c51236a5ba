package org.operando.producers.files;

import org.operando.schema.Technique;

/**
 * The samples of one potentiostat export, in SI units: time in seconds on the potentiostat's clock (from the file's
 * own zero), potential in volts vs the reference electrode, current in amperes (anodic positive), and the cycle of
 * each sample when the file says.
 *
 * @param scanRateVPerS CV scan rate from the file's header, V/s; null when it does not say
 * @param cycle         cycle per sample from 0, or null when the file has none
 */
public record EcSeries(Technique technique, Double scanRateVPerS, double[] timeS, double[] potentialV, double[] currentA,
                       int[] cycle) {
    public EcSeries {
        if (timeS.length != potentialV.length || timeS.length != currentA.length || (cycle != null && cycle.length != timeS.length)) {
            throw new IllegalArgumentException("EcSeries columns must have equal lengths. Got time " + timeS.length + ", potential "
                    + potentialV.length + ", current " + currentA.length + (cycle == null ? "" : ", cycle " + cycle.length));
        }
    }

    public int size() {
        return timeS.length;
    }

    /** Samples [from, to). */
    public EcSeries range(int from, int to) {
        return new EcSeries(technique, scanRateVPerS, java.util.Arrays.copyOfRange(timeS, from, to),
                java.util.Arrays.copyOfRange(potentialV, from, to), java.util.Arrays.copyOfRange(currentA, from, to),
                cycle == null ? null : java.util.Arrays.copyOfRange(cycle, from, to));
    }

    public EcSeries withTechnique(Technique t, Double scanRate) {
        return new EcSeries(t, scanRate != null ? scanRate : scanRateVPerS, timeS, potentialV, currentA, cycle);
    }
}
