package org.operando.ops.dashboard;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A bounded time series of rows of {@code columns} doubles; when full, the oldest row is dropped. Thread-safe.
 * Keeps the dashboard's memory and each push's size bounded however long a run is.
 */
public final class Series {
    private final int columns;
    private final int capacity;
    private final Deque<double[]> rows;

    public Series(int columns, int capacity) {
        if (columns < 1 || capacity < 1) {
            throw new IllegalArgumentException("Series needs at least one column and capacity 1. Got columns=" + columns
                    + ", capacity=" + capacity);
        }
        this.columns = columns;
        this.capacity = capacity;
        this.rows = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    public synchronized void add(double... row) {
        if (row.length != columns) {
            throw new IllegalArgumentException("Row has " + row.length + " values; expected " + columns);
        }
        if (rows.size() == capacity) {
            rows.removeFirst();
        }
        rows.addLast(row.clone());
    }

    public synchronized int size() {
        return rows.size();
    }

    /** Column-major copy: {@code [column][row]}. */
    public synchronized double[][] columns() {
        double[][] out = new double[columns][rows.size()];
        int i = 0;
        for (double[] r : rows) {
            for (int c = 0; c < columns; c++) {
                out[c][i] = r[c];
            }
            i++;
        }
        return out;
    }
}
