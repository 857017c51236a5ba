package org.operando.ops.export;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;

/**
 * One imaging instrument's exported image: its layout (t, c, y, x), fixed by the first frame, and one row of
 * per-frame facts per exported frame. The time index {@code t} is the frame's sequence number, so a lost frame leaves
 * an empty (zero) plane and a duplicate overwrites its own.
 *
 * @param nominalIntervalS  1 / the stream's nominal frame rate (1 s when it states none)
 * @param channels          labels of the channels: the instrument itself, then one per registered optical instrument
 * @param registeredOptical optical instruments resampled into this image as channels 1.., in order
 * @param registrations     the registration record used for each of them (EM sequence it was fitted on)
 */
public record ImageStack(String instrumentId, Modality modality, int width, int height, PixelType sourceType, PixelType type,
                         double pixelSizeNm, double nominalIntervalS, List<String> channels, List<String> registeredOptical, Map<String, Long> registrations,
                         TreeMap<Long, Row> rows) {
    /**
     * Facts of one exported frame.
     *
     * @param masterStartNs exposure start on the master clock (nanoseconds)
     * @param startS        the same, seconds since the run start
     * @param pairedOptical per registered optical instrument, the sequence of the optical frame resampled into
     *                      this frame (-1: none)
     */
    public record Row(long sequence, long masterStartNs, double startS, double exposureS, double stageXNm, double stageYNm,
                      Long pumpDelayFs, Boolean pumpOn, long[] pairedOptical) {
    }

    public ImageStack {
        channels = List.copyOf(channels);
        registeredOptical = List.copyOf(registeredOptical);
        registrations = Map.copyOf(registrations);
    }

    /** Number of time points: one more than the highest sequence exported (0 when none). */
    public long frames() {
        return rows.isEmpty() ? 0 : rows.lastKey() + 1;
    }

    /**
     * Time axis {@code [t0, dt]}: the least-squares line of exposure start (seconds since run start, master clock)
     * against sequence number, so plane {@code t} starts at about {@code t0 + t dt}. The nominal frame interval
     * stands in for dt when fewer than two frames were exported.
     */
    public double[] timeAxis() {
        int n = rows.size();
        if (n == 0) {
            return new double[] {0, nominalIntervalS};
        }
        double mx = 0;
        double my = 0;
        for (Row r : rows.values()) {
            mx += r.sequence();
            my += r.startS();
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        for (Row r : rows.values()) {
            sxx += (r.sequence() - mx) * (r.sequence() - mx);
            sxy += (r.sequence() - mx) * (r.startS() - my);
        }
        double dt = n < 2 || sxx == 0 ? nominalIntervalS : sxy / sxx;
        return new double[] {my - dt * mx, dt};
    }

    /** Each plane's exposure start (seconds since the run start): the frame's own, or the fitted line's for a lost frame. */
    public double[] planeTimes() {
        double[] axis = timeAxis();
        double[] t = new double[Math.toIntExact(frames())];
        for (int i = 0; i < t.length; i++) {
            Row r = rows.get((long) i);
            t[i] = r != null ? r.startS() : axis[0] + i * axis[1];
        }
        return t;
    }

    /** The per-frame table, {@code frames/<instrument>}. */
    public Table table() {
        int n = rows.size();
        long[] seq = new long[n];
        long[] masterNs = new long[n];
        double[] startS = new double[n];
        double[] exposure = new double[n];
        double[] sx = new double[n];
        double[] sy = new double[n];
        long[] delay = new long[n];
        long[] pumpOn = new long[n];
        long[][] paired = new long[registeredOptical.size()][n];
        boolean pumpProbe = false;
        int i = 0;
        for (Row r : rows.values()) {
            seq[i] = r.sequence();
            masterNs[i] = r.masterStartNs();
            startS[i] = r.startS();
            exposure[i] = r.exposureS();
            sx[i] = r.stageXNm();
            sy[i] = r.stageYNm();
            delay[i] = r.pumpDelayFs() == null ? -1 : r.pumpDelayFs();
            pumpOn[i] = r.pumpOn() == null ? -1 : r.pumpOn() ? 1 : 0;
            pumpProbe |= r.pumpDelayFs() != null;
            for (int c = 0; c < paired.length; c++) {
                paired[c][i] = r.pairedOptical()[c];
            }
            i++;
        }
        Table.Builder t = new Table.Builder("frames/" + instrumentId, "NXcollection")
                .attr("description", "One row per exported frame of " + instrumentId + "; plane t of the image is the frame with sequence t")
                .column("sequence", "", seq)
                .column("master_start_ns", "ns", masterNs)
                .column("master_start_s", "s", startS)
                .column("exposure_s", "s", exposure)
                .column("stage_x_nm", "nm", sx)
                .column("stage_y_nm", "nm", sy);
        if (pumpProbe) {
            t.column("pump_delay_fs", "fs", delay).column("pump_on", "", pumpOn);
        }
        for (int c = 0; c < paired.length; c++) {
            t.column(Table.Column.of("paired_" + registeredOptical.get(c) + "_sequence", "", paired[c])
                    .withAttrs(Map.of("description", "sequence of the " + registeredOptical.get(c)
                            + " frame resampled into channel " + (c + 1) + " of this frame; -1: none")));
        }
        return t.build();
    }
}
