package org.operando.streams.correlation;

import java.util.Arrays;

/**
 * The structure of a cyclic-voltammetry potential waveform: its vertices (turning points), the
 * sweep direction between them and the cycle boundaries.
 *
 * <p><b>Vertices</b> are found by hysteresis (zig-zag): while sweeping up the running maximum is
 * tracked, and it becomes an upper vertex once the potential has fallen {@code hysteresisV} below
 * it (symmetrically for lower vertices). Noise smaller than the hysteresis never makes a vertex.
 * The sweep between two vertices is anodic (dE/dt &gt; 0) or cathodic (dE/dt &lt; 0) as a whole, which
 * is the robust reading of the sign of dE/dt on noisy samples.
 *
 * <p><b>Cycles.</b> Cycle 0 starts at the first sample, at potential E_s, sweeping in the initial
 * direction d. After a cycle has seen two vertices, the first sample past E_s + d·h/2 in direction
 * d starts the next cycle (the h/2 makes a start at a vertex robust to where the later vertices are
 * sampled). A start potential outside the later sweep range (e.g. an open-circuit start) therefore
 * yields a single cycle. A cycle is complete when the next one has started or, for the last cycle, when it ends
 * within h of E_s after two vertices, or after one vertex when the scan started at a vertex (the
 * potential never went beyond E_s against d), since then the end of the record is the second vertex.
 *
 * @param vertexTimesS     times of the vertices, increasing
 * @param initialDirection +1 if the first sweep is anodic, −1 if cathodic
 * @param cycleStartTimesS start time of each cycle (the first is the first sample's time)
 * @param completeCycles   number of complete cycles
 * @param endTimeS         time of the last potential sample
 */
public record CvWaveform(double[] vertexTimesS, int initialDirection, double[] cycleStartTimesS,
                         int completeCycles, double endTimeS) {

    public CvWaveform {
        vertexTimesS = vertexTimesS.clone();
        cycleStartTimesS = cycleStartTimesS.clone();
    }

    /**
     * Analyses the potential record.
     *
     * @param potential   potential (V) vs master time (s)
     * @param hysteresisV reversal needed to call a vertex, &gt; noise amplitude and &lt; the sweep range
     * @throws NotEnoughDataException when the potential never moves by more than {@code hysteresisV}
     */
    public static CvWaveform analyse(TimeSeries potential, double hysteresisV) {
        if (!(hysteresisV > 0) || !Double.isFinite(hysteresisV)) {
            throw new IllegalArgumentException("Hysteresis must be a positive finite potential in V. Got: " + hysteresisV);
        }
        double[] t = potential.timeS();
        double[] e = potential.values();
        int n = e.length;
        double[] vertices = new double[16];
        int nv = 0;
        double[] starts = new double[8];
        starts[0] = t[0];
        int ns = 1;
        int dir = 0;
        int initial = 0;
        int ext = 0;
        int verticesInCycle = 0;
        int lastVertex = 0;
        double level = Double.NaN;
        for (int i = 1; i < n; i++) {
            if (dir == 0) {
                if (Math.abs(e[i] - e[0]) >= hysteresisV) {
                    dir = e[i] > e[0] ? 1 : -1;
                    initial = dir;
                    ext = i;
                    level = e[0] + initial * hysteresisV / 2;
                }
                continue;
            }
            if (dir * (e[i] - e[ext]) > 0) {
                ext = i;
            } else if (dir * (e[ext] - e[i]) >= hysteresisV) {
                if (nv == vertices.length) {
                    vertices = Arrays.copyOf(vertices, 2 * nv);
                }
                vertices[nv++] = t[ext];
                lastVertex = ext;
                verticesInCycle++;
                dir = -dir;
                ext = i;
            }
            if (dir == initial && verticesInCycle >= 2 && initial * (e[i] - level) > 0) {
                // first sample past the level since the vertex (it may precede the vertex's confirmation)
                int j = i;
                while (j - 1 > lastVertex && initial * (e[j - 1] - level) > 0) {
                    j--;
                }
                if (ns == starts.length) {
                    starts = Arrays.copyOf(starts, 2 * ns);
                }
                starts[ns++] = t[j];
                verticesInCycle = 0;
            }
        }
        if (initial == 0) {
            throw new NotEnoughDataException("Potential never moves by the hysteresis " + hysteresisV
                    + " V from its start " + e[0] + " V; no sweep to analyse");
        }
        double opposite = e[0];
        for (double v : e) {
            opposite = initial > 0 ? Math.min(opposite, v) : Math.max(opposite, v);
        }
        boolean startsAtVertex = initial * (opposite - e[0]) > -hysteresisV;
        boolean backAtStart = Math.abs(e[n - 1] - e[0]) <= hysteresisV;
        boolean lastComplete = backAtStart
                && (verticesInCycle >= 2 || (startsAtVertex && verticesInCycle == 1 && dir == -initial));
        int complete = ns - 1 + (lastComplete ? 1 : 0);
        return new CvWaveform(Arrays.copyOf(vertices, nv), initial, Arrays.copyOf(starts, ns), complete, t[n - 1]);
    }

    @Override
    public double[] vertexTimesS() {
        return vertexTimesS.clone();
    }

    @Override
    public double[] cycleStartTimesS() {
        return cycleStartTimesS.clone();
    }

    /** Sweep direction at time t: +1 anodic, −1 cathodic (a vertex belongs to the sweep it ends). */
    public int directionAt(double t) {
        int before = countBelow(vertexTimesS, t, false);
        return (before % 2 == 0) ? initialDirection : -initialDirection;
    }

    /** Index of the cycle containing time t (0-based). */
    public int cycleAt(double t) {
        return Math.max(0, countBelow(cycleStartTimesS, t, true) - 1);
    }

    /** Number of cycles begun (the last one possibly incomplete). */
    public int cyclesStarted() {
        return cycleStartTimesS.length;
    }

    /** Number of entries of the sorted array a below t (a[i] &lt; t, or a[i] ≤ t when inclusive). */
    private static int countBelow(double[] a, double t, boolean inclusive) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (inclusive ? a[mid] <= t : a[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
