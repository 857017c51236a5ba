package org.operando.ops.recording;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A recorded run on disk: a Chronicle Queue of {@link RecordedRecord}s in {@code DIR/queue} (one atomic document
 * each, in capture order) and {@code DIR/index.json}. Daily roll cycle: a recording rarely spans days and few files
 * are easier to copy.
 */
public final class RunArchive implements AutoCloseable {
    private static final byte FORMAT_VERSION = 1;
    private final SingleChronicleQueue queue;
    private ExcerptAppender appender;

    private RunArchive(Path dir) {
        this.queue = SingleChronicleQueueBuilder.binary(dir.resolve("queue")).rollCycle(RollCycles.FAST_DAILY).build();
    }

    /** Creates a new archive; refuses a directory that already holds a recording. */
    public static RunArchive create(Path dir) {
        if (Files.exists(dir.resolve(RecordingIndex.FILE)) || Files.exists(dir.resolve("queue"))) {
            throw new IllegalArgumentException("Output directory " + dir + " already holds a recording; choose a new one");
        }
        return new RunArchive(dir);
    }

    /** Opens an existing archive for reading. */
    public static RunArchive open(Path dir) {
        if (!Files.isDirectory(dir.resolve("queue"))) {
            throw new IllegalArgumentException("Not a recorded run: " + dir + " has no queue/ directory");
        }
        return new RunArchive(dir);
    }

    /** Appends one record atomically. */
    public void append(RecordedRecord r) {
        if (appender == null) {
            appender = queue.createAppender();
        }
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> b = dc.wire().bytes();
            b.writeByte(FORMAT_VERSION);
            b.writeUtf8(r.topic());
            b.writeInt(r.partition());
            b.writeLong(r.offset());
            b.writeLong(r.timestampMs());
            b.writeUtf8(r.key());
            writeBytes(b, r.value());
            b.writeInt(r.headers().size());
            for (RecordedRecord.Header h : r.headers()) {
                b.writeUtf8(h.key());
                writeBytes(b, h.value());
            }
        }
    }

    /** A fresh reader from the first record. */
    public Reader reader() {
        return new Reader(queue.createTailer().toStart());
    }

    /** Reads records in capture order; one thread only. */
    public static final class Reader implements AutoCloseable {
        private final ExcerptTailer tailer;

        private Reader(ExcerptTailer tailer) {
            this.tailer = tailer;
        }

        /** The next record, or null at the end. */
        public RecordedRecord next() {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return null;
                }
                Bytes<?> b = dc.wire().bytes();
                byte version = b.readByte();
                if (version != FORMAT_VERSION) {
                    throw new IllegalStateException("Recording entry has format " + version + "; this build reads " + FORMAT_VERSION);
                }
                String topic = b.readUtf8();
                int partition = b.readInt();
                long offset = b.readLong();
                long timestamp = b.readLong();
                String key = b.readUtf8();
                byte[] value = readBytes(b);
                int n = b.readInt();
                List<RecordedRecord.Header> headers = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    headers.add(new RecordedRecord.Header(b.readUtf8(), readBytes(b)));
                }
                return new RecordedRecord(topic, partition, offset, timestamp, key, value, headers);
            }
        }

        @Override
        public void close() {
            tailer.close();
        }
    }

    private static void writeBytes(Bytes<?> b, byte[] bytes) {
        if (bytes == null) {
            b.writeInt(-1);
        } else {
            b.writeInt(bytes.length);
            b.write(bytes);
        }
    }

    private static byte[] readBytes(Bytes<?> b) {
        int n = b.readInt();
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[n];
        b.read(bytes);
        return bytes;
    }

    @Override
    public void close() {
        if (appender != null) {
            appender.close();
        }
        queue.close();
    }
}
