package org.operando.ops.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small table written beside the images, the same in both formats: a Zarr group of 1-D (or N-D) arrays, or a NeXus
 * group of datasets of class {@code nxClass}. Every column has the same number of rows (its first dimension).
 *
 * @param path    where it goes, {@code /}-separated: {@code drift/em-1}
 * @param nxClass the NeXus class of its group: NXcollection, NXtransformations, NXlog
 * @param attrs   attributes of the group (strings, numbers, lists or maps of them)
 */
public record Table(String path, String nxClass, Map<String, Object> attrs, List<Column> columns) {
    public Table {
        attrs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attrs));
        columns = List.copyOf(columns);
        long rows = -1;
        for (Column c : columns) {
            if (rows >= 0 && c.shape()[0] != rows) {
                throw new IllegalArgumentException("Table " + path + ": column " + c.name() + " has " + c.shape()[0] + " rows, others "
                        + rows);
            }
            rows = c.shape()[0];
        }
    }

    /**
     * One column: {@code f64} or {@code i64} values, row-major over {@code shape}.
     *
     * @param unit  UDUNITS-style unit ("s", "nm", "pixel", "V", "A", "C", "ns", "") stored as {@code units}
     * @param attrs further attributes (NeXus transformation attributes, descriptions)
     */
    public record Column(String name, String unit, Map<String, Object> attrs, long[] shape, double[] f64, long[] i64) {
        public Column {
            if ((f64 == null) == (i64 == null)) {
                throw new IllegalArgumentException("Column " + name + " needs exactly one of f64 or i64 values");
            }
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            long have = f64 != null ? f64.length : i64.length;
            if (n != have) {
                throw new IllegalArgumentException("Column " + name + ": shape multiplies out to " + n + " but there are " + have + " values");
            }
            attrs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attrs));
        }

        public static Column of(String name, String unit, double[] values) {
            return new Column(name, unit, Map.of(), new long[] {values.length}, values, null);
        }

        public static Column of(String name, String unit, long[] values) {
            return new Column(name, unit, Map.of(), new long[] {values.length}, null, values);
        }

        public Column withAttrs(Map<String, Object> more) {
            Map<String, Object> all = new LinkedHashMap<>(attrs);
            all.putAll(more);
            return new Column(name, unit, all, shape, f64, i64);
        }

        public Column withShape(long... newShape) {
            return new Column(name, unit, attrs, newShape, f64, i64);
        }
    }

    /** Collects columns row by row into arrays. */
    public static final class Builder {
        private final String path;
        private final String nxClass;
        private final Map<String, Object> attrs = new LinkedHashMap<>();
        private final List<Column> columns = new ArrayList<>();

        public Builder(String path, String nxClass) {
            this.path = path;
            this.nxClass = nxClass;
        }

        public Builder attr(String name, Object value) {
            attrs.put(name, value);
            return this;
        }

        public Builder column(Column c) {
            columns.add(c);
            return this;
        }

        public Builder column(String name, String unit, double[] values) {
            return column(Column.of(name, unit, values));
        }

        public Builder column(String name, String unit, long[] values) {
            return column(Column.of(name, unit, values));
        }

        public Table build() {
            return new Table(path, nxClass, attrs, columns);
        }
    }
}
