package org.operando.streams.pixels;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.operando.streams.drift.DriftSettings;
import org.operando.streams.drift.DriftTracker;

/**
 * The drift trackers of the image streams a pixel task owns, kept in a changelogged key-value store so that a task
 * moved to another instance (or restarted after {@code kill -9}) measures the next frame exactly as the failed one
 * would have. Per stream (run, instrument, frame size): its {@link DriftTracker.Snapshot} (a few hundred bytes,
 * written every frame) and the pixels of its anchor and keyframe (written when they change: the first frame and each
 * keyframe renewal). Trackers in use are cached, bounded by count; a cache miss rebuilds the tracker from the store.
 */
final class DriftTrackerStore {
    private static final int CACHED = 16;
    private final KeyValueStore<String, byte[]> store;
    private final DriftSettings settings;
    private final Map<String, Cached> cache = new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHED;
        }
    };

    /** A tracker with the reference arrays last written to the store, so unchanged ones are not written again. */
    private record Cached(DriftTracker tracker, float[] anchorWritten, float[] keyframeWritten) {
    }

    DriftTrackerStore(KeyValueStore<String, byte[]> store, DriftSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    static String streamKey(String runId, String instrumentId, int width, int height) {
        return runId + '\u0000' + instrumentId + '\u0000' + width + 'x' + height;
    }

    /** The stream's tracker, from the cache or rebuilt from the store; a new one when the stream has none. */
    DriftTracker tracker(String key, int width, int height) {
        Cached c = cache.get(key);
        if (c == null) {
            byte[] state = store.get(key + "|s");
            DriftTracker t;
            float[] anchor = null;
            float[] keyframe = null;
            if (state == null) {
                t = DriftTracker.create(settings, width, height);
            } else {
                anchor = floats(store.get(key + "|a"));
                keyframe = floats(store.get(key + "|k"));
                t = DriftTracker.restore(settings, width, height, decode(state), anchor, keyframe);
                anchor = t.anchorPixels();
                keyframe = t.keyframePixels();
            }
            c = new Cached(t, anchor, keyframe);
            cache.put(key, c);
        }
        return c.tracker();
    }

    /** Writes the tracker's state after an update (and its reference frames when they changed). */
    void save(String key, DriftTracker tracker, long wallMs) {
        Cached c = cache.get(key);
        float[] anchor = tracker.anchorPixels();
        float[] keyframe = tracker.keyframePixels();
        if (anchor != null && (c == null || c.anchorWritten() != anchor)) {
            store.put(key + "|a", bytes(anchor));
        }
        if (keyframe != null && (c == null || c.keyframeWritten() != keyframe)) {
            store.put(key + "|k", keyframe == anchor ? new byte[0] : bytes(keyframe));
        }
        store.put(key + "|s", encode(tracker.snapshot(), wallMs));
        cache.put(key, new Cached(tracker, anchor, keyframe));
    }

    /** Forgets the cached tracker (after a failed update left it unlike its stored state). */
    void invalidate(String key) {
        cache.remove(key);
    }

    /** Removes the streams not updated since {@code beforeWallMs} (finished runs) from the store and the cache. */
    int evictIdle(long beforeWallMs) {
        java.util.List<String> idle = new java.util.ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.key.endsWith("|s") && kv.value != null && lastWallMs(kv.value) < beforeWallMs) {
                    idle.add(kv.key.substring(0, kv.key.length() - 2));
                }
            });
        }
        for (String key : idle) {
            store.delete(key + "|s");
            store.delete(key + "|a");
            store.delete(key + "|k");
            cache.remove(key);
        }
        return idle.size();
    }

    private static byte[] encode(DriftTracker.Snapshot s, long wallMs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(wallMs);
            out.writeBoolean(s.started());
            out.writeBoolean(s.filtering());
            out.writeLong(s.lastSequence());
            out.writeInt(s.framesSinceAnchorCheck());
            out.writeDouble(s.keyOffsetX());
            out.writeDouble(s.keyOffsetY());
            out.writeInt(s.filters().length);
            for (double f : s.filters()) {
                out.writeDouble(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static long lastWallMs(byte[] state) {
        return ByteBuffer.wrap(state).getLong();
    }

    private static DriftTracker.Snapshot decode(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            in.readLong();
            boolean started = in.readBoolean();
            boolean filtering = in.readBoolean();
            long last = in.readLong();
            int since = in.readInt();
            double kx = in.readDouble();
            double ky = in.readDouble();
            double[] filters = new double[in.readInt()];
            for (int i = 0; i < filters.length; i++) {
                filters[i] = in.readDouble();
            }
            return new DriftTracker.Snapshot(started, filtering, last, since, kx, ky, filters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(float[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(pixels);
        return b.array();
    }

    /** Null for no entry; an empty entry (keyframe = anchor) is also null, which restore reads as the anchor. */
    private static float[] floats(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
