package org.operando.streams.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.FrameAnalysis;
import org.operando.schema.Modality;
import org.operando.schema.TriggerMark;
import org.operando.streams.sync.ClockSync;
import org.operando.streams.sync.ClockSyncSettings;
import org.operando.streams.sync.MarkOutcome;
import org.operando.streams.sync.MasterTime;

/**
 * Clock synchronization of one run: one {@link ClockSync} per instrument fed with the timing generator's edges
 * (master clock) and the instrument's own marks; frames and EC blocks are held (bounded) until a mark after their
 * time has been paired, then restamped with the model fitted from the marks up to their time. Publishes a {@code ClockModel} record whenever a
 * mark is paired.
 */
public final class SyncStage {
    /** Master edges kept to bring a late-announced instrument's clock up to date. */
    private static final int EDGE_HISTORY = 12_000;
    /** Models kept per instrument (one per paired mark): ~3 minutes at 10 Hz, far more than any record is held. */
    private static final int MODEL_HISTORY = 2_000;
    /** A record this far outside its clock's marks is not of the run. */
    static final long IMPLAUSIBLE_NS = 600_000_000_000L;

    private final String runId;
    private final ClockSyncSettings settings;
    private final int maxHeld;
    private final Emitter emitter;
    private final Map<String, ClockSync> clocks = new HashMap<>();
    private final Map<String, Modality> modalities;
    /** Master edges: {master time, event time (record timestamp, ns)}. */
    private final Deque<long[]> masterEdges = new ArrayDeque<>();
    private final Map<String, Deque<SpecificRecord>> held = new HashMap<>();
    private final Map<String, Long> rejectedMarks = new HashMap<>();
    /** Per instrument, the model after each paired mark, by the newest mark's instrument time. */
    private final Map<String, TreeMap<Long, org.operando.streams.sync.ClockModel>> models = new HashMap<>();

    /** Receives a restamped frame. */
    private final Consumer<Restamped> frames;
    /** Receives an EC block with the master time of each sample. */
    private final EcSink ec;
    /** Receives records that could not be restamped, with the reason. */
    private final Unplaceable unplaceable;

    /** EC samples placed on the master clock. */
    @FunctionalInterface
    public interface EcSink {
        void accept(ElectrochemBlock block, long[] masterNs, double sigmaNs);
    }

    /** A record the stage gives up on (dead letter). */
    @FunctionalInterface
    public interface Unplaceable {
        void accept(SpecificRecord record, String instrumentId, String reason);
    }

    public SyncStage(String runId, ClockSyncSettings settings, int maxHeld, Map<String, Modality> modalities, Emitter emitter,
                     Consumer<Restamped> frames, EcSink ec, Unplaceable unplaceable) {
        this.runId = runId;
        this.settings = settings;
        this.maxHeld = maxHeld;
        this.modalities = modalities;
        this.emitter = emitter;
        this.frames = frames;
        this.ec = ec;
        this.unplaceable = unplaceable;
    }

    /**
     * A run without a timing generator ({@link org.operando.streams.sync.DeclaredClocks}): each listed instrument's
     * clock plus its declared offset is the master clock, so its records are placed as they come, and one
     * {@code ClockModel} record with {@code unsynchronized = true} says so. Does nothing for a run with triggers.
     */
    public void declareClocks(org.operando.schema.RunStart start) {
        if (!org.operando.streams.sync.DeclaredClocks.declared(start)) {
            return;
        }
        for (org.operando.schema.InstrumentInfo info : start.getInstruments()) {
            String id = info.getInstrumentId();
            if (info.getModality() != Modality.TIMING && !models.containsKey(id)) {
                long offsetNs = org.operando.streams.sync.DeclaredClocks.offsetNs(start, id);
                models.computeIfAbsent(id, k -> new TreeMap<>()).put(Long.MAX_VALUE, org.operando.streams.sync.DeclaredClocks.identity(offsetNs));
                emitter.emit(org.operando.streams.sync.DeclaredClocks.record(runId, id, offsetNs));
                release(id);
            }
        }
    }

    /**
     * A trigger mark: a master edge when it comes from the timing generator, else one instrument's mark.
     * {@code eventTimeNs} is when its producer says it was acquired (the Kafka record timestamp), which the clock
     * bootstrap uses to tell which edge a mark belongs to whatever order the streams are delivered in.
     */
    public void mark(TriggerMark mark, long eventTimeNs, Consumer<Long> masterTime) {
        String id = mark.getInstrumentId();
        if (modalities.get(id) == Modality.TIMING) {
            long t = mark.getInstrumentTimeNs();
            masterEdges.addLast(new long[] {t, eventTimeNs});
            if (masterEdges.size() > EDGE_HISTORY) {
                masterEdges.removeFirst();
            }
            clocks.values().forEach(c -> c.onMasterEdge(t, eventTimeNs));
            masterTime.accept(t);
            clocks.keySet().forEach(this::release);
            return;
        }
        ClockSync clock = clock(id);
        MarkOutcome outcome = clock.onInstrumentMark(mark.getInstrumentTimeNs(), eventTimeNs);
        if (outcome == MarkOutcome.DUPLICATE) {
            unplaceable.accept(mark, id, AlignStage.DUPLICATE_PREFIX + id + " trigger mark at instrument time "
                    + mark.getInstrumentTimeNs() + " ns was already seen; this copy is not used");
            return;
        }
        if (outcome.name().startsWith("REJECTED")) {
            rejectedMarks.merge(id, 1L, Long::sum);
        }
        if (outcome == MarkOutcome.PAIRED) {
            clock.model().ifPresent(m -> {
                TreeMap<Long, org.operando.streams.sync.ClockModel> byEnd = models.computeIfAbsent(id, k -> new TreeMap<>());
                byEnd.put(m.windowEndInstrumentNs(), m);
                if (byEnd.size() > MODEL_HISTORY) {
                    byEnd.pollFirstEntry();
                }
                emitter.emit(toRecord(id, m));
            });
        }
        release(id);
    }

    /** A frame's analysis: held until its instrument's clock is known past the frame's time, then restamped. */
    public void frame(FrameAnalysis frame) {
        hold(frame.getInstrumentId(), frame);
        release(frame.getInstrumentId());
    }

    /** An EC block: held like a frame, then each sample placed on the master clock. */
    public void electrochem(ElectrochemBlock block) {
        hold(block.getInstrumentId(), block);
        release(block.getInstrumentId());
    }

    /** End of the run: places everything still held with the newest model of its instrument. */
    public void finish() {
        for (String id : new ArrayList<>(held.keySet())) {
            Deque<SpecificRecord> queue = held.get(id);
            TreeMap<Long, org.operando.streams.sync.ClockModel> byEnd = models.get(id);
            while (!queue.isEmpty()) {
                SpecificRecord r = queue.removeFirst();
                String implausible = byEnd == null || byEnd.isEmpty() ? null : implausible(id, instrumentTime(r), byEnd);
                if (byEnd == null || byEnd.isEmpty()) {
                    unplaceable.accept(r, id, "No clock model for " + id + " by the end of the run: fewer than "
                            + settings.minMarksForModel() + " of its trigger marks could be paired with master edges");
                } else if (implausible != null) {
                    unplaceable.accept(r, id, implausible);
                } else {
                    place(id, r, byEnd.lastEntry().getValue());
                }
            }
        }
    }

    /** Marks rejected (spurious, outliers) per instrument. */
    public Map<String, Long> rejectedMarks() {
        return rejectedMarks;
    }

    private ClockSync clock(String id) {
        return clocks.computeIfAbsent(id, k -> {
            ClockSync c = new ClockSync(settings);
            masterEdges.forEach(e -> c.onMasterEdge(e[0], e[1]));
            return c;
        });
    }

    private void hold(String id, SpecificRecord record) {
        Deque<SpecificRecord> queue = held.computeIfAbsent(id, k -> new ArrayDeque<>());
        queue.addLast(record);
        if (queue.size() > maxHeld) {
            unplaceable.accept(queue.removeFirst(), id, "No clock model for " + id + " after " + maxHeld
                    + " records: fewer than " + settings.minMarksForModel() + " of its trigger marks could be paired with master edges");
        }
    }

    /**
     * Places held records, in their stream's order, once a mark paired after their time exists; each is restamped with
     * the model fitted from the marks up to its own time (a causal fit, as the bound assumes), so the result does not
     * depend on how this instrument's records interleave with other topics.
     */
    private void release(String id) {
        Deque<SpecificRecord> queue = held.get(id);
        TreeMap<Long, org.operando.streams.sync.ClockModel> byEnd = models.get(id);
        if (queue == null || byEnd == null || byEnd.isEmpty()) {
            return;
        }
        while (!queue.isEmpty()) {
            long t = instrumentTime(queue.peekFirst());
            String implausible = implausible(id, t, byEnd);
            if (implausible != null) {
                unplaceable.accept(queue.removeFirst(), id, implausible);
                continue;
            }
            if (byEnd.higherKey(t) == null) {
                return; // the marks after this record's time have not been paired yet
            }
            var floor = byEnd.floorEntry(t);
            place(id, queue.removeFirst(), floor != null ? floor.getValue() : byEnd.firstEntry().getValue());
        }
    }

    private void place(String id, SpecificRecord r, org.operando.streams.sync.ClockModel model) {
        if (r instanceof FrameAnalysis f) {
            MasterTime start = model.predict(f.getInstrumentTimeNs());
            MasterTime end = model.predict(f.getInstrumentTimeNs() + f.getExposureNs());
            frames.accept(new Restamped(f, modalities.getOrDefault(id, Modality.EM), start.masterTimeNs(), end.masterTimeNs(),
                    Math.max(start.sigmaNs(), end.sigmaNs()), model.isStaleAt(f.getInstrumentTimeNs(), settings.staleAfterNs())));
        } else {
            ElectrochemBlock block = (ElectrochemBlock) r;
            MasterTime first = model.predict(block.getFirstSampleInstrumentTimeNs());
            double rate = 1 + model.skew();
            long[] masterNs = new long[block.getPotentialV().size()];
            for (int i = 0; i < masterNs.length; i++) {
                masterNs[i] = first.masterTimeNs() + Math.round(rate * i * block.getSamplePeriodNs());
            }
            ec.accept(block, masterNs, first.sigmaNs());
        }
    }

    /**
     * Why a record's instrument time cannot be one of its run's, or null: more than {@link #IMPLAUSIBLE_NS} outside
     * the span of its clock's trigger marks. Placing it would open a window far from the run (and hold back its stream).
     */
    private static String implausible(String id, long t, TreeMap<Long, org.operando.streams.sync.ClockModel> byEnd) {
        long newest = byEnd.lastKey();
        long oldest = byEnd.firstEntry().getValue().windowStartInstrumentNs();
        if (t - newest > IMPLAUSIBLE_NS || oldest - t > IMPLAUSIBLE_NS) { // differences: a declared clock spans all time
            return String.format("Instrument time %d ns is %.0f s outside the span of %s's trigger marks (more than %d s): "
                    + "not a record of this run", t, (t > newest ? t - newest : oldest - t) / 1e9, id, IMPLAUSIBLE_NS / 1_000_000_000L);
        }
        return null;
    }

    private static long instrumentTime(SpecificRecord r) {
        return r instanceof FrameAnalysis f ? f.getInstrumentTimeNs() : ((ElectrochemBlock) r).getFirstSampleInstrumentTimeNs();
    }

    private org.operando.schema.ClockModel toRecord(String id, org.operando.streams.sync.ClockModel m) {
        return org.operando.schema.ClockModel.newBuilder().setRunId(runId).setInstrumentId(id)
                .setReferenceInstrumentTimeNs(m.referenceInstrumentNs())
                .setReferenceMasterTimeNs(m.referenceMasterNs()).setReferenceMasterFractionNs(m.referenceMasterFractionNs())
                .setSkew(m.skew()).setResidualSigmaNs(m.residualSigmaNs())
                .setOffsetSigmaNs(Math.sqrt(m.offsetVarianceNs2())).setSkewSigma(Math.sqrt(m.skewVariance()))
                .setMarksUsed(m.marksUsed()).setMarksRejected(rejectedMarks.getOrDefault(id, 0L).intValue())
                .setValidFromInstrumentTimeNs(m.windowStartInstrumentNs()).setValidToInstrumentTimeNs(m.windowEndInstrumentNs())
                .build();
    }
}
