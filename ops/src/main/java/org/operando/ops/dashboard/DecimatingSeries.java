package org.operando.ops.dashboard;

/**
 * A whole-run series in bounded memory: rows of {@code columns} doubles, every {@code stride}-th offered row kept;
 * when {@code capacity} rows are held, every second one is dropped and the stride doubles. So the series always spans
 * the whole run, evenly thinned, with between {@code capacity / 2} and {@code capacity} rows (once it has been full
 * once), whatever the run's length. Thread-safe.
 */
final class DecimatingSeries {
    private final int columns;
    private final int capacity;
    private double[][] rows;
    private int size;
    private long stride = 1;
    private long offered;

    DecimatingSeries(int columns, int capacity) {
        if (columns < 1 || capacity < 2) {
            throw new IllegalArgumentException("DecimatingSeries needs at least one column and capacity 2. Got columns="
                    + columns + ", capacity=" + capacity);
        }
        this.columns = columns;
        this.capacity = capacity;
        this.rows = new double[Math.min(capacity, 256)][];
    }

    synchronized void add(double... row) {
        if (row.length != columns) {
            throw new IllegalArgumentException("Row has " + row.length + " values; expected " + columns);
        }
        if (offered++ % stride != 0) {
            return;
        }
        if (size == capacity) {
            int kept = 0;
            for (int i = 0; i < size; i += 2) {
                rows[kept++] = rows[i];
            }
            java.util.Arrays.fill(rows, kept, size, null);
            size = kept;
            stride *= 2;
            if ((offered - 1) % stride != 0) {
                return;
            }
        }
        if (size == rows.length) {
            rows = java.util.Arrays.copyOf(rows, Math.min(capacity, rows.length * 2));
        }
        rows[size++] = row.clone();
    }

    synchronized int size() {
        return size;
    }

    /** Every how many offered rows one is kept now. */
    synchronized long stride() {
        return stride;
    }

    /** Column-major copy: {@code [column][row]}. */
    synchronized double[][] columns() {
        double[][] out = new double[columns][size];
        for (int i = 0; i < size; i++) {
            for (int c = 0; c < columns; c++) {
                out[c][i] = rows[i][c];
            }
        }
        return out;
    }
}
