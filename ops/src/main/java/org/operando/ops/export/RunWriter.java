package org.operando.ops.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One export format. The exporter calls, in this order: {@link #image} once per imaging instrument (at its first
 * frame) and {@link #frame} per frame, {@link #ecBlock} per electrochemistry block, then {@link #finish} once.
 * Frames and samples must go to disk (or a spool) as they come: a writer holds no more than a chunk of each array.
 */
public interface RunWriter extends AutoCloseable {
    /** The file or directory being written. */
    Path output();

    /** An imaging instrument's image, (t, c, y, x), before its first frame. */
    void image(ImageStack stack);

    /** Plane {@code t} of {@code stack}: one zlib stream of {@code stack.type()} elements per channel, in order. */
    void frame(ImageStack stack, long t, List<byte[]> channels);

    /**
     * Samples of one electrochemistry block, in sequence order per instrument: time (seconds since the run start,
     * master clock), potential (V), current (A).
     */
    void ecBlock(String instrumentId, double[] timeS, List<Double> potentialV, List<Double> currentA);

    /**
     * Writes the images' metadata, the tables and the run's description ({@code run}: JSON-like maps, lists, strings
     * and numbers), and completes the output.
     */
    void finish(List<ImageStack> stacks, List<Table> tables, Map<String, Object> run);

    /** Bytes written to the output so far (for the NeXus file: spooled, until {@link #finish}). */
    long bytesWritten();

    /** Releases temporary files; after a failure, leaves a partial output that the summary does not claim. */
    @Override
    void close();
}
