package org.operando.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a run's records go. Every record is keyed by run id. The run's small records (RunStart/RunStop, descriptors,
 * trigger marks, EC blocks) are partitioned by the key, so they share one partition number on every input topic and
 * one per-run task sees them all. Frames may instead be spread over partitions by instrument, so that the pixel work
 * of one run's cameras runs in several tasks at once; such a frame carries the run's partition number in the header
 * {@value #RUN_PARTITION}, and the pixel stage sends its (small) analysis there. A frame without the header is taken
 * to be on its run's partition, whatever hash its producer used (Kafka's Java client hashes keys with murmur2,
 * librdkafka's default with CRC32), so any producer that keeps a run on one partition number works unchanged.
 */
public final class RunPartitioning {
    /** Header: the partition number (4-byte big-endian int) of the frame's run on the other input topics. */
    public static final String RUN_PARTITION = "operando.run-partition";

    private RunPartitioning() {
    }

    /** Kafka's Java default partition of a run id key among {@code partitions}. */
    public static int runPartition(String runId, int partitions) {
        return Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The partition a frame of {@code instrumentId} goes to: spread by instrument within the run. */
    public static int framePartition(String runId, String instrumentId, int partitions) {
        return Utils.toPositive(Utils.murmur2((runId + "/" + instrumentId).getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public static void setRunPartition(Headers headers, int partition) {
        headers.remove(RUN_PARTITION);
        headers.add(RUN_PARTITION, ByteBuffer.allocate(4).putInt(partition).array());
    }

    /**
     * The partition of the run a record belongs to: the header's value when present and valid (0 &le; p &lt;
     * {@code partitions}), else the partition the record itself was read from.
     */
    public static int runPartitionOf(Headers headers, int sourcePartition, int partitions) {
        Header h = headers == null ? null : headers.lastHeader(RUN_PARTITION);
        if (h == null || h.value() == null || h.value().length != 4) {
            return sourcePartition;
        }
        int p = ByteBuffer.wrap(h.value()).getInt();
        return p >= 0 && p < partitions ? p : sourcePartition;
    }
}
