package org.operando.streams.pixels;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.operando.schema.DriftMeasure;
import org.operando.schema.Frame;
import org.operando.schema.FrameAnalysis;
import org.operando.schema.Modality;
import org.operando.schema.Rejected;
import org.operando.schemas.DeadLetters;
import org.operando.schemas.FramePixels;
import org.operando.schemas.RecordHeaders;
import org.operando.schemas.RunPartitioning;
import org.operando.schemas.SchemaRegistry;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.drift.DriftSettings;
import org.operando.streams.drift.DriftState;
import org.operando.streams.drift.DriftTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pixel stage: one frame in, one small {@link FrameAnalysis} out (its drift, image features and fiducials), plus a
 * dead letter for each step a frame fails (pixels that cannot be decoded, a drift or feature or spot step that throws),
 * naming the frame's own topic, partition and offset. It runs in the tasks of the frames topic's partitions, so the
 * image streams of one run, spread over partitions by instrument, are analysed by several threads and instances at
 * once; the per-run stages get only the analyses. All state (drift trackers, registration counts, frames held for an
 * unknown modality) is in changelogged stores, so a failover resumes where the failed task stopped.
 *
 * <p>The frame's modality (EM or optical decides which features and fiducials are measured) comes from the
 * producer's {@code operando.modality} header, else from the global store of run metadata. A frame whose modality is
 * not known yet (its StreamDescriptor not read yet) is held in a store, with every later frame of its stream, and
 * analysed once it is known; after {@code operando.alignment.stall.ms} it is analysed without (drift only).
 */
public final class FrameAnalysisProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(FrameAnalysisProcessor.class);
    public static final String DRIFT_STORE = "pixel-drift";
    public static final String HOLD_STORE = "pixel-held";
    public static final String STAGE = "pixels";
    /** Frames held per task at most; past it the oldest stream's are analysed without a modality. */
    private static final int MAX_HELD = 256;
    /** Streams with no frame for this long (wall clock) are dropped from the drift store: their runs are over. */
    private static final long IDLE_EVICT_MS = 3_600_000L;
    /** A frame this many sequence numbers past its stream's newest, or this far from its previous frame, is not one of it. */
    static final long MAX_SEQUENCE_JUMP = 100_000;
    static final long MAX_TIME_JUMP_NS = 600_000_000_000L;

    private final FrameAnalyzer analyzer;
    private final boolean driftEnabled;
    private final boolean registrationEnabled;
    private final int registrationInterval;
    private final int opticalSpotInterval;
    private final long holdMs;
    private ProcessorContext<String, SpecificRecord> context;
    private DriftTrackerStore trackers;
    private KeyValueStore<String, byte[]> driftStore;
    private KeyValueStore<String, byte[]> held;
    private KeyValueStore<String, String> modalities;
    /** False only when the hold store is known to be empty (a cache of the store, recomputed on each release). */
    private boolean anyHeld = true;

    public FrameAnalysisProcessor(OperandoStreamsConfig config) {
        this.analyzer = new FrameAnalyzer(config);
        this.driftEnabled = config.getBoolean(OperandoStreamsConfig.DRIFT_ENABLED);
        this.registrationEnabled = driftEnabled && config.getBoolean(OperandoStreamsConfig.REGISTRATION_ENABLED);
        this.registrationInterval = config.getInt(OperandoStreamsConfig.REGISTRATION_INTERVAL);
        this.opticalSpotInterval = config.getInt(OperandoStreamsConfig.OPTICAL_SPOT_INTERVAL);
        // shorter than the stall period after which a stopped run closes, so a held frame reaches its run first
        this.holdMs = Math.min(config.getLong(OperandoStreamsConfig.STALL_MS) / 2, 5_000L);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.driftStore = context.getStateStore(DRIFT_STORE);
        this.held = context.getStateStore(HOLD_STORE);
        this.modalities = context.getStateStore(InstrumentModalities.STORE);
        this.trackers = new DriftTrackerStore(driftStore, DriftSettings.defaults());
        context.schedule(Duration.ofMillis(200), PunctuationType.WALL_CLOCK_TIME, this::releaseHeld);
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME,
                now -> trackers.evictIdle(now - IDLE_EVICT_MS));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        String topic = meta == null ? "unknown" : meta.topic();
        int partition = meta == null ? -1 : meta.partition();
        long offset = meta == null ? -1 : meta.offset();
        int runPartition = RunPartitioning.runPartitionOf(record.headers(), partition, Integer.MAX_VALUE);
        if (record.value() instanceof Rejected r) {
            // dead-lettered at ingest: the per-run stage still counts it towards the run's announced records
            context.forward(record.withValue(rejectedAnalysis(r, runPartition)));
            return;
        }
        Frame frame = (Frame) record.value();
        if (record.key() == null || !record.key().equals(frame.getRunId())) {
            Source s = new Source(topic, partition, offset, runPartition, record.timestamp());
            String reason = "Record key '" + record.key() + "' is not the frame's runId '" + frame.getRunId() + "'";
            deadLetter(frame, s, "validate", reason);
            forward(base(frame, s).setRejectedReason("validate: " + reason).build(), s);
            return;
        }
        Modality modality = modality(RecordHeaders.modality(record.headers()), frame);
        Source source = new Source(topic, partition, offset, runPartition, record.timestamp());
        if (modality == null && runAnnounced(frame.getRunId())) {
            // the run's RunStart has been read (its instruments are in the store together) and does not list this one
            String reason = frame.getInstrumentId() + " is not listed in the RunStart of run " + frame.getRunId();
            deadLetter(frame, source, "announce", reason);
            forward(base(frame, source).setRejectedReason("announce: " + reason).build(), source);
            return;
        }
        if (anyHeld) {
            releaseHeld(context.currentSystemTimeMs()); // modalities may have become known since
        }
        if (modality == null || (anyHeld && hasHeld(frame))) {
            hold(frame, source);
            releaseHeld(context.currentSystemTimeMs());
        } else {
            analyse(frame, modality, source);
        }
    }

    /** Where a frame came from, and where its analysis goes. */
    private record Source(String topic, int partition, long offset, int runPartition, long timestampMs) {
    }

    private Modality modality(String header, Frame frame) {
        InstrumentModalities.Announced known = announced(frame);
        if (known != null) {
            return known.modality();
        }
        if (header != null) {
            try {
                return Modality.valueOf(header);
            } catch (IllegalArgumentException e) {
                return null; // not a modality name: wait for the run's metadata like a frame without the header
            }
        }
        return null;
    }

    private boolean runAnnounced(String runId) {
        try (var it = modalities.prefixScan(runId + '\u0000', new StringSerializer())) {
            return it.hasNext();
        }
    }

    private InstrumentModalities.Announced announced(Frame frame) {
        return InstrumentModalities.Announced.parse(modalities.get(InstrumentModalities.key(frame.getRunId(), frame.getInstrumentId())));
    }

    /**
     * Why a frame does not belong in its stream, or null: another shape or pixel type than its descriptor announces,
     * a sequence number or an instrument time implausibly far from the stream's previous frame (such a frame would
     * otherwise enter the drift filter, or hold back the stream's later frames).
     */
    private String misfit(Frame f) {
        InstrumentModalities.Announced a = announced(f);
        if (a != null && a.width() != null && (a.width() != f.getWidth() || a.height() != f.getHeight()
                || !a.pixelType().equals(f.getPixelType().name()))) {
            return "Frame is " + f.getWidth() + "x" + f.getHeight() + " " + f.getPixelType() + "; the StreamDescriptor of "
                    + f.getInstrumentId() + " announces " + a.width() + "x" + a.height() + " " + a.pixelType();
        }
        byte[] counted = driftStore.get(f.getRunId() + '\u0000' + f.getInstrumentId() + "|n");
        long seen = counted == null ? 0 : ByteBuffer.wrap(counted).getLong();
        if (f.getSequence() > seen + MAX_SEQUENCE_JUMP) {
            // sequences count a stream's frames from 0: one far beyond the frames seen so far is not of this stream
            return "Frame sequence " + f.getSequence() + " is more than " + MAX_SEQUENCE_JUMP + " past the " + seen
                    + " frames its stream has delivered: not a frame of this stream";
        }
        byte[] last = driftStore.get(lastKey(f.getRunId(), f.getInstrumentId()));
        if (last != null) {
            long t = ByteBuffer.wrap(last).getLong(); // the previous frame's instrument time
            if (Math.abs(f.getInstrumentTimeNs() - t) > MAX_TIME_JUMP_NS) {
                return String.format("Frame time is %.0f s from the stream's previous frame (more than %d s): not a frame of this run",
                        (f.getInstrumentTimeNs() - t) / 1e9, MAX_TIME_JUMP_NS / 1_000_000_000L);
            }
        }
        return null;
    }

    private static String lastKey(String runId, String id) {
        return runId + '\u0000' + id + "|last";
    }

    private void analyse(Frame f, Modality modality, Source source) {
        FrameAnalysis.Builder out = base(f, source);
        String misfit = misfit(f);
        if (misfit != null) {
            deadLetter(f, source, "validate", misfit);
            forward(out.setRejectedReason("validate: " + misfit).build(), source);
            return;
        }
        driftStore.put(lastKey(f.getRunId(), f.getInstrumentId()), ByteBuffer.allocate(8).putLong(f.getInstrumentTimeNs()).array());
        float[] pixels;
        try {
            pixels = FramePixels.toFloats(f);
        } catch (RuntimeException e) {
            String reason = reason(e);
            deadLetter(f, source, STAGE, "Frame pixels cannot be decoded: " + reason);
            forward(out.setRejectedReason("pixels: " + reason).build(), source);
            return;
        }
        String runId = f.getRunId();
        String id = f.getInstrumentId();
        long count = frameCount(runId, id);
        DriftMeasure drift = latestDrift(runId, id);
        if (driftEnabled && modality != Modality.ELECTROCHEM && modality != Modality.TIMING) {
            String key = DriftTrackerStore.streamKey(runId, id, f.getWidth(), f.getHeight());
            try {
                DriftTracker tracker = trackers.tracker(key, f.getWidth(), f.getHeight());
                DriftTracker.Snapshot before = tracker.snapshot();
                if (before.started() && f.getSequence() == before.lastSequence()) {
                    LOG.debug("Run {}: {} frame {} delivered again; measured once", runId, id, f.getSequence());
                } else if (before.started() && f.getSequence() < before.lastSequence()) {
                    LOG.warn("Run {}: {} frame {} arrived after frame {}; its drift is not measured", runId, id,
                            f.getSequence(), before.lastSequence());
                } else {
                    DriftState s = tracker.update(f.getSequence(), pixels);
                    trackers.save(key, tracker, context.currentSystemTimeMs());
                    drift = measure(s);
                    driftStore.put(latestKey(runId, id), encode(drift));
                    out.setDriftMeasured(true);
                }
            } catch (RuntimeException e) {
                trackers.invalidate(key);
                deadLetter(f, source, "drift", reason(e));
            }
        }
        out.setDrift(drift);
        if (modality == Modality.EM) {
            try {
                out.setFeatures(analyzer.emFeatures(f, pixels, drift));
            } catch (RuntimeException e) {
                deadLetter(f, source, "features", reason(e));
            }
        }
        if (registrationEnabled && (modality == Modality.EM || modality == Modality.OPTICAL)) {
            try {
                if (modality == Modality.OPTICAL) {
                    if (count % opticalSpotInterval == 0) {
                        out.setSpots(analyzer.opticalSpots(f, pixels));
                    }
                } else if (count % registrationInterval == 0) {
                    out.setSpots(analyzer.emSpots(f, pixels));
                }
            } catch (RuntimeException e) {
                deadLetter(f, source, "registration", reason(e));
            }
        }
        forward(out.build(), source);
    }

    /** Frames of the stream analysed before this one (the registration intervals count them). */
    private long frameCount(String runId, String id) {
        String key = runId + '\u0000' + id + "|n";
        byte[] b = driftStore.get(key);
        long n = b == null ? 0 : ByteBuffer.wrap(b).getLong();
        driftStore.put(key, ByteBuffer.allocate(8).putLong(n + 1).array());
        return n;
    }

    private static String latestKey(String runId, String id) {
        return runId + '\u0000' + id + "|latest";
    }

    private DriftMeasure latestDrift(String runId, String id) {
        byte[] b = driftStore.get(latestKey(runId, id));
        if (b == null) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(b);
        return new DriftMeasure(in.getLong(), in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble(),
                in.get() != 0, in.get() != 0, in.get() != 0);
    }

    private static byte[] encode(DriftMeasure d) {
        return ByteBuffer.allocate(8 + 5 * 8 + 3).putLong(d.getSequence()).putDouble(d.getRawDxPx()).putDouble(d.getRawDyPx())
                .putDouble(d.getSmoothDxPx()).putDouble(d.getSmoothDyPx()).putDouble(d.getConfidence())
                .put((byte) (d.getJump() ? 1 : 0)).put((byte) (d.getLowConfidence() ? 1 : 0))
                .put((byte) (d.getReferenceRenewed() ? 1 : 0)).array();
    }

    private static DriftMeasure measure(DriftState s) {
        return new DriftMeasure(s.sequence(), s.rawDxPx(), s.rawDyPx(), s.smoothDxPx(), s.smoothDyPx(), s.confidence(),
                s.jump(), s.lowConfidence(), s.referenceRenewed());
    }

    private static FrameAnalysis.Builder base(Frame f, Source s) {
        return FrameAnalysis.newBuilder().setRunId(f.getRunId()).setInstrumentId(f.getInstrumentId()).setSequence(f.getSequence())
                .setRunPartition(s.runPartition()).setSourceTopic(s.topic()).setSourcePartition(s.partition())
                .setSourceOffset(s.offset()).setInstrumentTimeNs(f.getInstrumentTimeNs()).setExposureNs(f.getExposureNs())
                .setWidth(f.getWidth()).setHeight(f.getHeight()).setPixelSizeNm(f.getPixelSizeNm()).setStageXNm(f.getStageXNm())
                .setStageYNm(f.getStageYNm()).setPumpDelayFs(f.getPumpDelayFs()).setPumpOn(f.getPumpOn())
                .setFeatures(new HashMap<>()).setDriftMeasured(false);
    }

    private static FrameAnalysis rejectedAnalysis(Rejected r, int runPartition) {
        return FrameAnalysis.newBuilder().setRunId(r.getRunId() == null ? "" : r.getRunId())
                .setInstrumentId(r.getInstrumentId() == null ? "unknown" : r.getInstrumentId()).setSequence(-1)
                .setRunPartition(runPartition).setSourceTopic(r.getSourceTopic()).setSourcePartition(r.getSourcePartition())
                .setSourceOffset(r.getSourceOffset()).setRejectedReason(r.getStage() + ": " + r.getReason())
                .setInstrumentTimeNs(0).setExposureNs(0).setWidth(0).setHeight(0).setPixelSizeNm(0).setStageXNm(0).setStageYNm(0)
                .setFeatures(new HashMap<>()).build();
    }

    private void forward(FrameAnalysis analysis, Source source) {
        context.forward(new Record<>(analysis.getRunId(), analysis, source.timestampMs()));
    }

    private void deadLetter(Frame f, Source s, String stage, String reason) {
        LOG.warn("Dead-lettering {} record {}-{}@{} of {} in run {}: {}", stage, s.topic(), s.partition(), s.offset(),
                f.getInstrumentId(), f.getRunId(), reason);
        Rejected rejected = DeadLetters.rejected(stage, org.operando.streams.run.StageReasons.code(stage, reason), reason, f.getRunId(), f.getInstrumentId(), s.topic(), s.partition(),
                s.offset(), f.getRunId().getBytes(StandardCharsets.UTF_8), SchemaRegistry.get().encode(f));
        context.forward(new Record<>(f.getRunId(), rejected, s.timestampMs()));
    }

    private static String reason(RuntimeException e) {
        return e.getClass().getSimpleName() + ": " + (e.getMessage() == null ? "no message" : e.getMessage());
    }

    // ---- frames held until their stream's modality is known ----

    private static String streamPrefix(Frame f) {
        return f.getRunId() + '\u0000' + f.getInstrumentId() + '\u0000';
    }

    private boolean hasHeld(Frame f) {
        try (var it = held.prefixScan(streamPrefix(f), new StringSerializer())) {
            return it.hasNext();
        }
    }

    private void hold(Frame f, Source s) {
        byte[] counter = held.get("\u0001next");
        long n = counter == null ? 0 : ByteBuffer.wrap(counter).getLong();
        held.put("\u0001next", ByteBuffer.allocate(8).putLong(n + 1).array());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(context.currentSystemTimeMs());
            out.writeUTF(s.topic());
            out.writeInt(s.partition());
            out.writeLong(s.offset());
            out.writeInt(s.runPartition());
            out.writeLong(s.timestampMs());
            byte[] frame = SchemaRegistry.get().encode(f);
            out.writeInt(frame.length);
            out.write(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        held.put(streamPrefix(f) + String.format("%016x", n), bytes.toByteArray());
        anyHeld = true;
        LOG.debug("Run {}: holding {} frame {} until its modality is known", f.getRunId(), f.getInstrumentId(), f.getSequence());
    }

    /**
     * Analyses held frames, stream by stream in their order, once the stream's modality is known; a stream held longer
     * than the hold period (or the oldest, when too many frames are held) is analysed without it.
     */
    private void releaseHeld(long nowMs) {
        Map<String, List<Map.Entry<String, byte[]>>> byStream = new java.util.LinkedHashMap<>();
        int total = 0;
        try (var it = held.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (kv.key.startsWith("\u0001")) {
                    continue;
                }
                String stream = kv.key.substring(0, kv.key.length() - 16);
                byStream.computeIfAbsent(stream, k -> new ArrayList<>()).add(Map.entry(kv.key, kv.value));
                total++;
            }
        }
        for (var e : byStream.entrySet()) {
            List<Map.Entry<String, byte[]>> frames = e.getValue();
            Frame first = null;
            Modality modality = null;
            boolean overdue = false;
            boolean notListed = false;
            for (int i = 0; i < frames.size(); i++) {
                HeldFrame h = HeldFrame.decode(frames.get(i).getValue());
                if (i == 0) {
                    first = h.frame();
                    modality = modality(null, first);
                    overdue = nowMs - h.heldSinceMs() >= holdMs || total > MAX_HELD;
                    notListed = modality == null && runAnnounced(first.getRunId());
                    if (modality == null && !overdue && !notListed) {
                        break;
                    }
                    if (modality == null) {
                        LOG.warn("Run {}: no modality for {} after {} ms (no RunStart or StreamDescriptor names it); "
                                + "analysing its held frames for drift only", first.getRunId(), first.getInstrumentId(), nowMs - h.heldSinceMs());
                    }
                }
                held.delete(frames.get(i).getKey());
                total--;
                if (notListed) {
                    String reason = h.frame().getInstrumentId() + " is not listed in the RunStart of run " + h.frame().getRunId();
                    deadLetter(h.frame(), h.source(), "announce", reason);
                    forward(base(h.frame(), h.source()).setRejectedReason("announce: " + reason).build(), h.source());
                } else {
                    analyse(h.frame(), modality, h.source());
                }
            }
        }
        anyHeld = total > 0;
    }

    private record HeldFrame(long heldSinceMs, Frame frame, Source source) {
        static HeldFrame decode(byte[] bytes) {
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
                long since = in.readLong();
                Source s = new Source(in.readUTF(), in.readInt(), in.readLong(), in.readInt(), in.readLong());
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                return new HeldFrame(since, SchemaRegistry.get().decode(frame, Frame.class), s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
