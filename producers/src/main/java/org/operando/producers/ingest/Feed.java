package org.operando.producers.ingest;

import org.operando.producers.Acquired;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.StreamDescriptor;

/**
 * One instrument's records read from its files, in its stream's order. A finished set is read to its end; a folder
 * being written is looked at again with {@link #refresh} and yields what has been completed since.
 */
interface Feed extends AutoCloseable {
    String id();

    Modality modality();

    /** True once the files show what the stream is (an image's size and type): its descriptor can be published. */
    boolean ready();

    InstrumentInfo info();

    StreamDescriptor descriptor(String runId);

    /** The next record available now without waiting, or null. Its master time is the instrument time plus the declared offset. */
    Acquired peek();

    /** Takes the record {@link #peek} returned. */
    void take();

    /** Looks at the files again. {@code last}: acquisition has stopped, so what is incomplete now stays incomplete. */
    void refresh(boolean last);

    /** Where the feed reads from (for progress and error lines). */
    String where();

    @Override
    default void close() {
    }
}
