package org.operando.streams.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.operando.schemas.SchemaRegistry;

/**
 * The state of every open run, as the records it was given: each run's input records (all small: run metadata, trigger
 * marks, EC blocks, frame analyses; never pixels) in the order its processor took them, with their source, plus the
 * processor's own decisions (a stream declared stalled), in a changelogged key-value store. A run's in-memory
 * {@link RunState} is a cache of this log: rebuilt by feeding the entries again, in order, to a new one, which gives
 * the same state because the stages depend only on their inputs. A closed run's entries are deleted; its index entry
 * stays (marked closed) so later records are dead-lettered rather than opening it again.
 *
 * <p>Keys: {@code runId NUL seq} (seq as 16 hex digits, so the store's byte order is the run's order) in the log
 * store; {@code runId} in the index store, whose value is {next seq, bytes logged, closed (0 open, 1 closed, 2 abandoned
 * because it never started), closed-at wall ms}.
 */
final class RunLog {
    static final byte RECORD = 0;
    static final byte STALLED = 1;

    private final KeyValueStore<String, byte[]> entries;
    private final KeyValueStore<String, byte[]> index;

    /** One logged input. {@code record} is null for a STALLED marker, whose {@code instrumentId} names the stream. */
    record Entry(byte type, SpecificRecord record, String instrumentId, RunState.Source source, long timestampMs) {
    }

    static final byte OPEN = 0;
    static final byte CLOSED = 1;
    /** Closed because no RunStart came: its late records are orphans, as its earlier ones were. */
    static final byte ABANDONED = 2;

    /** A run's index entry; {@code state} is {@link #OPEN}, {@link #CLOSED} or {@link #ABANDONED}. */
    record Index(long next, long bytes, byte state, long closedAtMs) {
        static final Index EMPTY = new Index(0, 0, OPEN, 0);

        boolean closed() {
            return state != OPEN;
        }

        boolean abandoned() {
            return state == ABANDONED;
        }
    }

    RunLog(KeyValueStore<String, byte[]> entries, KeyValueStore<String, byte[]> index) {
        this.entries = entries;
        this.index = index;
    }

    Index index(String runId) {
        byte[] b = index.get(runId);
        if (b == null) {
            return Index.EMPTY;
        }
        return decodeIndex(b);
    }

    static Index decodeIndex(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        return new Index(in.getLong(), in.getLong(), in.get(), in.getLong());
    }

    private void putIndex(String runId, Index i) {
        index.put(runId, ByteBuffer.allocate(25).putLong(i.next()).putLong(i.bytes()).put(i.state())
                .putLong(i.closedAtMs()).array());
    }

    /** Appends an entry; returns the run's logged bytes after it. */
    long append(String runId, Entry e) {
        Index i = index(runId);
        byte[] bytes = encode(e);
        entries.put(key(runId, i.next()), bytes);
        Index updated = new Index(i.next() + 1, i.bytes() + bytes.length, OPEN, 0);
        putIndex(runId, updated);
        return updated.bytes();
    }

    /** Feeds every entry of the run, in order. */
    void replay(String runId, Consumer<Entry> sink) {
        try (var it = entries.prefixScan(runId + '\u0000', new StringSerializer())) {
            it.forEachRemaining(kv -> sink.accept(decode(kv.value)));
        }
    }

    /** Deletes the run's entries and marks it closed ({@link #CLOSED}) or abandoned ({@link #ABANDONED}). */
    void close(String runId, long nowMs, byte why) {
        List<String> keys = new ArrayList<>();
        try (var it = entries.prefixScan(runId + '\u0000', new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(entries::delete);
        Index i = index(runId);
        putIndex(runId, new Index(i.next(), 0, why, nowMs));
    }

    /** Forgets closed runs closed before {@code beforeMs} (their late records then count as a new, unstarted run). */
    void forgetClosed(long beforeMs) {
        List<String> old = new ArrayList<>();
        try (var it = index.all()) {
            it.forEachRemaining(kv -> {
                Index i = index(kv.key);
                if (i.closed() && i.closedAtMs() < beforeMs) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(index::delete);
    }

    private static String key(String runId, long seq) {
        return runId + '\u0000' + String.format("%016x", seq);
    }

    private static byte[] encode(Entry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(e.type());
            out.writeUTF(e.source().topic());
            out.writeInt(e.source().partition());
            out.writeLong(e.source().offset());
            out.writeLong(e.timestampMs());
            if (e.type() == RECORD) {
                out.write(SchemaRegistry.get().encode(e.record()));
            } else {
                out.writeUTF(e.instrumentId());
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    private static Entry decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte type = in.readByte();
            String topic = in.readUTF();
            int partition = in.readInt();
            long offset = in.readLong();
            long ts = in.readLong();
            RunState.Source source = new RunState.Source(topic, partition, offset, ts);
            if (type == RECORD) {
                return new Entry(type, SchemaRegistry.get().decodeAny(in.readAllBytes()), null, source, ts);
            }
            return new Entry(type, null, in.readUTF(), source, ts);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
