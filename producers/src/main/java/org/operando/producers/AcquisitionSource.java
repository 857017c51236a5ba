package org.operando.producers;

import java.util.List;
import java.util.Optional;

/** Where acquisition records come from: the simulator, files on disk, a recorded run, or (later) instrument drivers. */
public interface AcquisitionSource extends AutoCloseable {
    /** Records to publish before any data: RunStart and the stream descriptors. */
    List<Acquired> preamble();

    /** The next record in master-time order, or empty when the source is exhausted. */
    Optional<Acquired> next();

    /** Records that close the run (RunStop), given the acquisition records ({@code Topics.ACQUISITION}) published per instrument. */
    List<Acquired> epilogue(java.util.Map<String, Long> publishedPerInstrument);

    @Override
    default void close() {
    }
}
