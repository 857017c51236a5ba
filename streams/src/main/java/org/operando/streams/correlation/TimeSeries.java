package org.operando.streams.correlation;

import java.util.Arrays;

/**
 * Samples of one quantity on the master clock, times in seconds, strictly increasing, possibly
 * irregularly spaced. Arrays are copied in and out.
 *
 * @param timeS  sample times (s), strictly increasing, finite
 * @param values sample values, finite, same length as {@code timeS}
 */
public record TimeSeries(double[] timeS, double[] values) {

    public TimeSeries {
        if (timeS == null || values == null || timeS.length != values.length) {
            throw new IllegalArgumentException("Times and values must be non-null and of equal length. Got: "
                    + (timeS == null ? "null" : timeS.length) + " times and "
                    + (values == null ? "null" : values.length) + " values");
        }
        for (int i = 0; i < timeS.length; i++) {
            if (!Double.isFinite(timeS[i]) || !Double.isFinite(values[i])) {
                throw new IllegalArgumentException("Sample " + i + " is not finite: t=" + timeS[i] + " v=" + values[i]);
            }
            if (i > 0 && !(timeS[i] > timeS[i - 1])) {
                throw new IllegalArgumentException("Times must be strictly increasing. Got t[" + (i - 1) + "]="
                        + timeS[i - 1] + " then t[" + i + "]=" + timeS[i]);
            }
        }
        timeS = timeS.clone();
        values = values.clone();
    }

    @Override
    public double[] timeS() {
        return timeS.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public int size() {
        return timeS.length;
    }

    public double startS() {
        return timeS[0];
    }

    public double endS() {
        return timeS[timeS.length - 1];
    }

    double timeAt(int i) {
        return timeS[i];
    }

    double valueAt(int i) {
        return values[i];
    }

    /**
     * Linear interpolation onto the regular grid t_k = t0 + k·dt, k = 0..n−1. Every grid time must
     * lie within [start, end] of the series.
     */
    public double[] resample(double t0, double dt, int n) {
        if (n < 1 || !(dt > 0)) {
            throw new IllegalArgumentException("Need n >= 1 and dt > 0. Got n=" + n + " dt=" + dt);
        }
        double last = t0 + (n - 1) * dt;
        double eps = 1e-9 * Math.max(1.0, Math.abs(last));
        if (size() < 2 || t0 < startS() - eps || last > endS() + eps) {
            throw new IllegalArgumentException("Grid [" + t0 + ", " + last + "] s lies outside the series span ["
                    + startS() + ", " + endS() + "] s");
        }
        double[] out = new double[n];
        int j = 0;
        for (int k = 0; k < n; k++) {
            double t = t0 + k * dt;
            while (j < timeS.length - 2 && timeS[j + 1] < t) {
                j++;
            }
            double f = (t - timeS[j]) / (timeS[j + 1] - timeS[j]);
            f = Math.max(0.0, Math.min(1.0, f));
            out[k] = values[j] + f * (values[j + 1] - values[j]);
        }
        return out;
    }

    /**
     * Linear interpolation at time {@code t} (binary search, O(log n)); {@code t} must lie within
     * [start, end].
     */
    public double interpolate(double t) {
        if (!(t >= startS() && t <= endS())) {
            throw new IllegalArgumentException("Time " + t + " s lies outside the series span ["
                    + startS() + ", " + endS() + "] s");
        }
        int j = Arrays.binarySearch(timeS, t);
        if (j >= 0) {
            return values[j];
        }
        int hi = -j - 1;
        int lo = hi - 1;
        double f = (t - timeS[lo]) / (timeS[hi] - timeS[lo]);
        return values[lo] + f * (values[hi] - values[lo]);
    }

    /**
     * The time derivative by finite differences on the irregular grid: central (three-point,
     * exact for quadratics on uneven spacing) inside, one-sided at both ends.
     */
    public TimeSeries derivative() {
        int n = timeS.length;
        if (n < 2) {
            throw new NotEnoughDataException("A derivative needs at least 2 samples. Got: " + n);
        }
        double[] d = new double[n];
        d[0] = (values[1] - values[0]) / (timeS[1] - timeS[0]);
        d[n - 1] = (values[n - 1] - values[n - 2]) / (timeS[n - 1] - timeS[n - 2]);
        for (int i = 1; i < n - 1; i++) {
            double h0 = timeS[i] - timeS[i - 1];
            double h1 = timeS[i + 1] - timeS[i];
            d[i] = (-h1 / (h0 * (h0 + h1))) * values[i - 1]
                    + ((h1 - h0) / (h0 * h1)) * values[i]
                    + (h0 / (h1 * (h0 + h1))) * values[i + 1];
        }
        return new TimeSeries(timeS, d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeSeries s && Arrays.equals(timeS, s.timeS) && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(timeS) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "TimeSeries[n=" + timeS.length + (timeS.length > 0 ? ", " + startS() + ".." + endS() + " s" : "") + "]";
    }
}
