package org.operando.streams.sync;

/** A growable FIFO ring of (instrument, master) time pairs: the marks inside a sliding fit window. */
final class PairRing {
    private long[] xs = new long[64];
    private long[] ms = new long[64];
    private int head;
    private int size;

    void add(long x, long m) {
        if (size == xs.length) {
            long[] nx = new long[xs.length * 2];
            long[] nm = new long[ms.length * 2];
            for (int i = 0; i < size; i++) {
                nx[i] = xs[(head + i) % xs.length];
                nm[i] = ms[(head + i) % ms.length];
            }
            xs = nx;
            ms = nm;
            head = 0;
        }
        int tail = (head + size) % xs.length;
        xs[tail] = x;
        ms[tail] = m;
        size++;
    }

    void removeFirst() {
        if (size == 0) {
            throw new IllegalStateException("Ring is empty");
        }
        head = (head + 1) % xs.length;
        size--;
    }

    int size() {
        return size;
    }

    long x(int i) {
        return xs[(head + i) % xs.length];
    }

    long m(int i) {
        return ms[(head + i) % ms.length];
    }

    long[] xsCopy() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = x(i);
        }
        return out;
    }

    long[] msCopy() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = m(i);
        }
        return out;
    }
}
