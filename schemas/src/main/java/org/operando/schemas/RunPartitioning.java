package org.operando.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Utils;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;

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

    /** The partition a frame of {@code instrumentId} goes to when its run's instrument list is not known: by hash. */
    public static int framePartition(String runId, String instrumentId, int partitions) {
        return Utils.toPositive(Utils.murmur2((runId + "/" + instrumentId).getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * Spreads a run's imaging instruments over consecutive partitions from the run's own, in the order its RunStart
     * lists them, so that k cameras use min(k, partitions) partitions (a hash would put two cameras on one partition
     * half the time). Feed it the run records ({@link #observe}) before the frames; thread-safe.
     */
    public static final class Spreader {
        private final Map<String, List<String>> imagingByRun = new ConcurrentHashMap<>();

        public void observe(SpecificRecord record) {
            if (record instanceof RunStart start && start.getInstruments() != null) {
                imagingByRun.put(start.getRunId(), start.getInstruments().stream()
                        .filter(i -> i.getModality() == Modality.EM || i.getModality() == Modality.OPTICAL)
                        .map(InstrumentInfo::getInstrumentId).toList());
            } else if (record instanceof RunStop stop) {
                imagingByRun.remove(stop.getRunId());
            }
        }

        public int partitionFor(String runId, String instrumentId, int partitions) {
            List<String> imaging = imagingByRun.get(runId);
            int index = imaging == null ? -1 : imaging.indexOf(instrumentId);
            return index < 0 ? framePartition(runId, instrumentId, partitions) : (runPartition(runId, partitions) + index) % partitions;
        }
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
