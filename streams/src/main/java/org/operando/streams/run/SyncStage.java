package org.operando.streams.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schema.TriggerMark;
import org.operando.streams.sync.ClockSync;
import org.operando.streams.sync.ClockSyncSettings;
import org.operando.streams.sync.MarkOutcome;
import org.operando.streams.sync.MasterTime;

/**
 * Clock synchronization of one run: one {@link ClockSync} per instrument fed with the timing generator's edges
 * (master clock) and the instrument's own marks; frames and EC blocks are restamped onto the master clock as soon
 * as their instrument has a model, and held (bounded) until then. Publishes a {@code ClockModel} record whenever a
 * mark is paired.
 */
public final class SyncStage {
    /** Master edges kept to bring a late-announced instrument's clock up to date. */
    private static final int EDGE_HISTORY = 600;

    private final String runId;
    private final ClockSyncSettings settings;
    private final int maxHeld;
    private final Emitter emitter;
    private final Map<String, ClockSync> clocks = new HashMap<>();
    private final Map<String, Modality> modalities;
    private final Deque<Long> masterEdges = new ArrayDeque<>();
    private final Map<String, Deque<SpecificRecord>> held = new HashMap<>();
    private final Map<String, Long> rejectedMarks = new HashMap<>();

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

    /** A trigger mark: a master edge when it comes from the timing generator, else one instrument's mark. */
    public void mark(TriggerMark mark, Consumer<Long> masterTime) {
        String id = mark.getInstrumentId();
        if (modalities.get(id) == Modality.TIMING) {
            long t = mark.getInstrumentTimeNs();
            masterEdges.addLast(t);
            if (masterEdges.size() > EDGE_HISTORY) {
                masterEdges.removeFirst();
            }
            clocks.values().forEach(c -> c.onMasterEdge(t));
            masterTime.accept(t);
            clocks.keySet().forEach(this::release);
            return;
        }
        ClockSync clock = clock(id);
        MarkOutcome outcome = clock.onInstrumentMark(mark.getInstrumentTimeNs());
        if (outcome.name().startsWith("REJECTED")) {
            rejectedMarks.merge(id, 1L, Long::sum);
        }
        if (outcome == MarkOutcome.PAIRED) {
            clock.model().ifPresent(m -> emitter.emit(toRecord(id, m)));
        }
        release(id);
    }

    public void frame(Frame frame, Modality modality) {
        String id = frame.getInstrumentId();
        ClockSync clock = clock(id);
        if (clock.model().isEmpty() || !held.getOrDefault(id, new ArrayDeque<>()).isEmpty()) {
            hold(id, frame);
            release(id);
            return;
        }
        MasterTime start = clock.toMaster(frame.getInstrumentTimeNs());
        MasterTime end = clock.toMaster(frame.getInstrumentTimeNs() + frame.getExposureNs());
        frames.accept(new Restamped(frame, modality, start.masterTimeNs(), end.masterTimeNs(),
                Math.max(start.sigmaNs(), end.sigmaNs()), clock.isStale(frame.getInstrumentTimeNs())));
    }

    public void electrochem(ElectrochemBlock block) {
        String id = block.getInstrumentId();
        ClockSync clock = clock(id);
        if (clock.model().isEmpty() || !held.getOrDefault(id, new ArrayDeque<>()).isEmpty()) {
            hold(id, block);
            release(id);
            return;
        }
        MasterTime first = clock.toMaster(block.getFirstSampleInstrumentTimeNs());
        double rate = 1 + clock.requireModel().skew();
        long[] masterNs = new long[block.getPotentialV().size()];
        for (int i = 0; i < masterNs.length; i++) {
            masterNs[i] = first.masterTimeNs() + Math.round(rate * i * block.getSamplePeriodNs());
        }
        ec.accept(block, masterNs, first.sigmaNs());
    }

    /** Marks rejected (spurious, outliers) per instrument. */
    public Map<String, Long> rejectedMarks() {
        return rejectedMarks;
    }

    private ClockSync clock(String id) {
        return clocks.computeIfAbsent(id, k -> {
            ClockSync c = new ClockSync(settings);
            masterEdges.forEach(c::onMasterEdge);
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

    private void release(String id) {
        Deque<SpecificRecord> queue = held.get(id);
        ClockSync clock = clocks.get(id);
        if (queue == null || queue.isEmpty() || clock == null || clock.model().isEmpty()) {
            return;
        }
        List<SpecificRecord> ready = new ArrayList<>(queue);
        queue.clear();
        for (SpecificRecord r : ready) {
            if (r instanceof Frame f) {
                frame(f, modalities.getOrDefault(id, Modality.EM));
            } else {
                electrochem((ElectrochemBlock) r);
            }
        }
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
