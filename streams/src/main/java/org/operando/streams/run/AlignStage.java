package org.operando.streams.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.operando.schema.CorrelatedSample;
import org.operando.schema.EcSummary;
import org.operando.schema.FrameRef;
import org.operando.schema.Modality;
import org.operando.streams.alignment.AlignedWindow;
import org.operando.streams.alignment.WindowAligner;
import org.operando.streams.alignment.WindowAligner.Outcome;

/**
 * Alignment of one run: restamped frames and EC samples in, {@code CorrelatedSample} records out (first results and
 * amendments); records beyond the grace period are handed to {@code late} for dead-lettering with their reason.
 */
public final class AlignStage {
    private final String runId;
    private final WindowAligner aligner;
    private final long graceNs;
    private final Emitter emitter;
    private final Map<String, Map<String, Double>> featuresByFrame = new HashMap<>();
    private final List<Consumer<CorrelatedSample>> listeners = new java.util.ArrayList<>();
    private long duplicates;
    /** Reasons returned for a repeated (instrument, sequence) start with this. */
    public static final String DUPLICATE_PREFIX = "Duplicate: ";
    private long late;

    public AlignStage(String runId, long settleNs, long graceNs, long toleranceNs, Emitter emitter) {
        this.runId = runId;
        this.aligner = new WindowAligner(settleNs, graceNs, toleranceNs);
        this.graceNs = graceNs;
        this.emitter = emitter;
    }

    /** Called with every CorrelatedSample emitted (first results and amendments), e.g. by the correlation stage. */
    public void onSample(Consumer<CorrelatedSample> listener) {
        listeners.add(listener);
    }

    /** Offers a restamped frame; returns why it is not used (late beyond the grace period, a duplicate), else null. */
    public String frame(Restamped r, Map<String, Double> features) {
        String id = r.instrumentId();
        long seq = r.sequence();
        Outcome o;
        if (r.modality() == Modality.EM) {
            if (features != null && !features.isEmpty()) {
                featuresByFrame.put(id + "#" + seq, features);
            }
            o = aligner.offerEm(id, seq, r.masterStartNs(), r.masterEndNs(), r.sigmaNs());
        } else {
            o = aligner.offerOptical(id, seq, r.masterStartNs(), r.masterEndNs());
        }
        return outcome(o, id, seq, r.masterStartNs());
    }

    /** Offers a block of EC samples at master times; returns a late-reason or null. */
    public String ec(String instrumentId, long sequence, long[] masterNs, double[] potentialV, double[] currentA) {
        return outcome(aligner.offerEc(instrumentId, sequence, masterNs, potentialV, currentA), instrumentId, sequence, masterNs[0]);
    }

    /** A partner stream (optical, EC) announced by its descriptor: windows wait for it. */
    public void expectPartner(String instrumentId) {
        aligner.expectPartner(instrumentId);
    }

    /** An EM stream announced by the run: partner data are kept for its windows until it delivers. */
    public void expectEm(String instrumentId) {
        aligner.expectEm(instrumentId);
    }

    /** A stream stopped delivering (wall-clock silence, decided by the caller): windows stop waiting for it. */
    public void stalled(String instrumentId) {
        aligner.stalled(instrumentId);
        flush();
    }

    /** Advances event time with a master-clock trigger mark. */
    public void observe(long masterNs) {
        aligner.observe(masterNs);
        flush();
    }

    /** End of the run: emits every window still open. */
    public void finish() {
        for (AlignedWindow w : aligner.finish()) {
            CorrelatedSample sample = toRecord(w);
            emitter.emit(sample);
            listeners.forEach(l -> l.accept(sample));
        }
        featuresByFrame.clear();
        aligner.drainClosed();
    }

    public long duplicates() {
        return duplicates;
    }

    public long late() {
        return late;
    }

    private String outcome(Outcome o, String instrumentId, long sequence, long startNs) {
        switch (o) {
            case DUPLICATE -> {
                duplicates++;
                return DUPLICATE_PREFIX + instrumentId + " record with sequence " + sequence
                        + " was already aligned; this copy is not used";
            }
            case LATE -> {
                late++;
                double behindMs = (aligner.progressOf(instrumentId) - startNs) / 1e6;
                return String.format("Out of its own stream's order: starts %.0f ms (master clock) before the newest record "
                        + "%s had delivered, beyond the %.0f ms grace period; the windows it belongs to were already final",
                        behindMs, instrumentId, graceNs / 1e6);
            }
            default -> {
                flush();
                return null;
            }
        }
    }

    private void flush() {
        for (AlignedWindow w : aligner.poll()) {
            CorrelatedSample sample = toRecord(w);
            emitter.emit(sample);
            listeners.forEach(l -> l.accept(sample));
        }
        aligner.drainClosed().forEach(featuresByFrame::remove);
    }

    private CorrelatedSample toRecord(AlignedWindow w) {
        List<FrameRef> refs = w.optical().stream().map(m -> FrameRef.newBuilder().setInstrumentId(m.instrumentId())
                .setSequence(m.sequence()).setMasterStartNs(m.masterStartNs()).setMasterEndNs(m.masterEndNs())
                .setOverlapFraction(m.overlapFraction()).build()).toList();
        EcSummary ec = w.ec() == null ? null : EcSummary.newBuilder().setSamples(w.ec().samples())
                .setMeanPotentialV(w.ec().meanPotentialV()).setMinPotentialV(w.ec().minPotentialV())
                .setMaxPotentialV(w.ec().maxPotentialV()).setMeanCurrentA(w.ec().meanCurrentA())
                .setMinCurrentA(w.ec().minCurrentA()).setMaxCurrentA(w.ec().maxCurrentA()).setChargeC(w.ec().chargeC()).build();
        return CorrelatedSample.newBuilder().setRunId(runId).setInstrumentId(w.emInstrumentId()).setEmSequence(w.emSequence())
                .setMasterStartNs(w.masterStartNs()).setMasterEndNs(w.masterEndNs()).setMasterTimeSigmaNs(w.sigmaNs())
                .setOptical(refs).setEc(ec)
                .setFeatures(featuresByFrame.getOrDefault(w.emInstrumentId() + "#" + w.emSequence(), Map.of()))
                .setRevision(w.revision()).build();
    }

}
