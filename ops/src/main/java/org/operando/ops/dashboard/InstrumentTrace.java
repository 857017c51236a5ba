package org.operando.ops.dashboard;

/**
 * A whole-run trace of one instrument stamped in its own clock: rows whose first column is the instrument time in
 * nanoseconds after the trace's first row ({@code origin}, kept as a {@code long}), decimated ({@link DecimatingSeries}).
 * Instrument times are kept rather than run times because a clock model usually arrives after the first data: the
 * view maps them through the newest model when it draws ({@link RunClock#runS(String, long, double)}).
 */
final class InstrumentTrace {
    private final String instrumentId;
    private final DecimatingSeries series;
    private volatile long origin = Long.MIN_VALUE;

    InstrumentTrace(String instrumentId, int columns, int capacity) {
        this.instrumentId = instrumentId;
        this.series = new DecimatingSeries(columns + 1, capacity);
    }

    /** One row at {@code instrumentTimeNs + offsetNs}; {@code values} are the other columns. */
    void add(long instrumentTimeNs, double offsetNs, double... values) {
        if (origin == Long.MIN_VALUE) {
            origin = instrumentTimeNs;
        }
        double[] row = new double[values.length + 1];
        row[0] = (instrumentTimeNs - origin) + offsetNs;
        System.arraycopy(values, 0, row, 1, values.length);
        series.add(row);
    }

    int size() {
        return series.size();
    }

    /**
     * Column-major copy with the first column in run seconds through {@code clock}; when the instrument has no clock
     * model yet, seconds after the trace's first row instead, and {@code onMaster[0]} is set false.
     */
    double[][] columns(RunClock clock, boolean[] onMaster) {
        double[][] cols = series.columns();
        boolean master = clock.hasModel(instrumentId);
        if (!master) {
            onMaster[0] = false;
        }
        for (int k = 0; k < cols[0].length; k++) {
            cols[0][k] = master ? clock.runS(instrumentId, origin, cols[0][k]) : cols[0][k] / 1e9;
        }
        return cols;
    }
}
