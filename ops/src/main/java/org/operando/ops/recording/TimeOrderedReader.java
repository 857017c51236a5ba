package org.operando.ops.recording;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Reads a recording in the order the records were originally published: a k-way merge, by record timestamp, of one
 * cursor per recorded topic-partition (each keeps its own offset order). A recorder that drains topics one after the
 * other (e.g. {@code --to-end}) stores all frames before all trigger marks; replaying in that capture order would show
 * the processors an order no instrument produced. Ties are broken by the order in which partitions were first seen,
 * so a replay is repeatable.
 */
final class TimeOrderedReader implements AutoCloseable {
    private final List<Cursor> cursors = new ArrayList<>();
    private final PriorityQueue<Cursor> heads = new PriorityQueue<>(
            Comparator.comparingLong((Cursor c) -> c.head.timestampMs()).thenComparingInt(c -> c.rank));

    TimeOrderedReader(RunArchive archive) {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        try (RunArchive.Reader scan = archive.reader()) {
            for (RecordedRecord r = scan.next(); r != null; r = scan.next()) {
                partitions.putIfAbsent(r.topic() + '\u0000' + r.partition(), partitions.size());
            }
        }
        partitions.forEach((topicPartition, rank) -> {
            int split = topicPartition.indexOf('\u0000');
            Cursor c = new Cursor(archive.reader(), topicPartition.substring(0, split),
                    Integer.parseInt(topicPartition.substring(split + 1)), rank);
            cursors.add(c);
            if (c.advance()) {
                heads.add(c);
            }
        });
    }

    /** The next record in original publication order, or null at the end. */
    RecordedRecord next() {
        Cursor c = heads.poll();
        if (c == null) {
            return null;
        }
        RecordedRecord r = c.head;
        if (c.advance()) {
            heads.add(c);
        }
        return r;
    }

    @Override
    public void close() {
        cursors.forEach(c -> c.reader.close());
    }

    /** Walks the archive keeping only one topic-partition's records. */
    private static final class Cursor {
        final RunArchive.Reader reader;
        final String topic;
        final int partition;
        final int rank;
        RecordedRecord head;

        Cursor(RunArchive.Reader reader, String topic, int partition, int rank) {
            this.reader = reader;
            this.topic = topic;
            this.partition = partition;
            this.rank = rank;
        }

        boolean advance() {
            for (RecordedRecord r = reader.next(); r != null; r = reader.next()) {
                if (r.partition() == partition && r.topic().equals(topic)) {
                    head = r;
                    return true;
                }
            }
            head = null;
            return false;
        }
    }
}
