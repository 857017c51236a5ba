package org.operando.ops.dashboard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.operando.schema.ClockModel;

/**
 * Run time: seconds since the run's start on the master clock, the one time axis every chart of the page uses.
 *
 * <p>An instrument time {@code t_i} maps onto the master clock through the instrument's newest clock model,
 * {@code master = m_ref + f_ref + (1 + b)(t_i - t_ref)} (see {@link ClockModel}); run time is
 * {@code (master - start) / 1e9}. Differences are taken in {@code long} before they become {@code double}, so epoch
 * nanoseconds (~1.7e18, beyond a double's 2^53) lose nothing. The start is the {@code RunStart}'s
 * {@code startMasterTimeNs}; before that has been seen, the earliest master time seen stands in for it.
 * Thread-safe: written by the feed thread, read by the push thread.
 */
final class RunClock {
    private final Map<String, ClockModel> models = new ConcurrentHashMap<>();
    private volatile long startNs;
    private volatile boolean declaredStart;
    private volatile boolean anyStart;

    /** The run's start as its {@code RunStart} gives it. */
    void start(long startMasterTimeNs) {
        startNs = startMasterTimeNs;
        declaredStart = true;
        anyStart = true;
    }

    /** A master time seen in a result; it stands in for the start until the {@code RunStart} arrives. */
    synchronized void seen(long masterTimeNs) {
        if (!declaredStart && (!anyStart || masterTimeNs < startNs)) {
            startNs = masterTimeNs;
            anyStart = true;
        }
    }

    void model(ClockModel m) {
        models.put(m.getInstrumentId(), m);
        seen(masterNs(m, m.getReferenceInstrumentTimeNs()));
    }

    boolean hasModel(String instrumentId) {
        return models.containsKey(instrumentId);
    }

    /** Run time of a master time, seconds; NaN before any start is known. */
    double runS(long masterTimeNs) {
        return anyStart ? (masterTimeNs - startNs) / 1e9 : Double.NaN;
    }

    /**
     * Run time of an instrument time, seconds: {@code instrumentTimeNs + offsetNs} (the offset keeps sub-ns positions
     * inside a block) through the instrument's clock model; NaN when the instrument has no model yet.
     */
    double runS(String instrumentId, long instrumentTimeNs, double offsetNs) {
        ClockModel m = models.get(instrumentId);
        if (m == null || !anyStart) {
            return Double.NaN;
        }
        double sinceRef = (instrumentTimeNs - m.getReferenceInstrumentTimeNs()) + offsetNs;
        return ((m.getReferenceMasterTimeNs() - startNs) + m.getReferenceMasterFractionNs() + (1 + m.getSkew()) * sinceRef) / 1e9;
    }

    private static long masterNs(ClockModel m, long instrumentTimeNs) {
        return m.getReferenceMasterTimeNs() + Math.round((1 + m.getSkew()) * (instrumentTimeNs - m.getReferenceInstrumentTimeNs()));
    }
}
