package org.operando.ops.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.operando.schema.ElectrochemBlock;

/** One row per exported electrochemistry block of one instrument, and the samples' running count. */
final class EcLog {
    private final String instrumentId;
    private final List<long[]> ints = new ArrayList<>();
    private final List<double[]> reals = new ArrayList<>();
    private long samples;

    EcLog(String instrumentId) {
        this.instrumentId = instrumentId;
    }

    /** Notes a block whose first sample is at {@code firstS} on the master clock, with {@code periodS} between samples. */
    void add(ElectrochemBlock b, double firstS, double periodS) {
        int n = b.getPotentialV().size();
        ints.add(new long[] {b.getSequence(), samples, n, b.getTechnique().ordinal(), b.getCycle() == null ? -1 : b.getCycle()});
        reals.add(new double[] {firstS, periodS, b.getScanRateVPerS() == null ? Double.NaN : b.getScanRateVPerS()});
        samples += n;
    }

    long samples() {
        return samples;
    }

    long blocks() {
        return ints.size();
    }

    Table table() {
        int n = ints.size();
        long[][] l = new long[5][n];
        double[][] d = new double[3][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 5; k++) {
                l[k][i] = ints.get(i)[k];
            }
            for (int k = 0; k < 3; k++) {
                d[k][i] = reals.get(i)[k];
            }
        }
        return new Table.Builder("electrochem/" + instrumentId + "/blocks", "NXcollection")
                .attr("description", "One row per potentiostat block (ElectrochemBlock) of " + instrumentId
                        + "; samples first_sample_index .. first_sample_index + samples - 1 of the series came from it")
                .column("sequence", "", l[0])
                .column("first_sample_index", "", l[1])
                .column("samples", "", l[2])
                .column(Table.Column.of("technique", "", l[3]).withAttrs(Map.of("description", "0 CV, 1 CA, 2 OCP")))
                .column(Table.Column.of("cycle", "", l[4]).withAttrs(Map.of("description", "CV cycle at the first sample; -1: not CV")))
                .column("first_sample_s", "s", d[0])
                .column("sample_period_s", "s", d[1])
                .column("scan_rate_v_per_s", "V/s", d[2])
                .build();
    }
}
