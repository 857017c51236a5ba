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
    private long late;

    public AlignStage(String runId, long settleNs, long graceNs, long toleranceNs, long stallNs, Emitter emitter) {
        this.runId = runId;
        this.aligner = new WindowAligner(settleNs, graceNs, toleranceNs, Math.max(graceNs, stallNs));
        this.graceNs = graceNs;
        this.emitter = emitter;
    }

    /** Called with every CorrelatedSample emitted (first results and amendments), e.g. by the correlation stage. */
    public void onSample(Consumer<CorrelatedSample> listener) {
        listeners.add(listener);
    }

    /** Offers a restamped frame; returns a late-reason when it is beyond the grace period, else null. */
    public String frame(Restamped r, Map<String, Double> features) {
        String id = r.frame().getInstrumentId();
        long seq = r.frame().getSequence();
        Outcome o;
        if (r.modality() == Modality.EM) {
            if (features != null && !features.isEmpty()) {
                featuresByFrame.put(id + "#" + seq, features);
            }
            o = aligner.offerEm(id, seq, r.masterStartNs(), r.masterEndNs(), r.sigmaNs());
        } else {
            o = aligner.offerOptical(id, seq, r.masterStartNs(), r.masterEndNs());
        }
        return outcome(o, r.masterEndNs());
    }

    /** Offers a block of EC samples at master times; returns a late-reason or null. */
    public String ec(String instrumentId, long sequence, long[] masterNs, double[] potentialV, double[] currentA) {
        return outcome(aligner.offerEc(instrumentId, sequence, masterNs, potentialV, currentA), masterNs[masterNs.length - 1]);
    }

    /** A partner stream (optical, EC) announced by its descriptor: windows wait for it. */
    public void expectPartner(String instrumentId) {
        aligner.expectPartner(instrumentId);
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
    }

    public long duplicates() {
        return duplicates;
    }

    public long late() {
        return late;
    }

    private String outcome(Outcome o, long endNs) {
        switch (o) {
            case DUPLICATE -> {
                duplicates++;
                return null;
            }
            case LATE -> {
                late++;
                double behindMs = (aligner.finalizedUpTo() - endNs) / 1e6;
                return String.format("Arrived %.0f ms behind what every stream had delivered on the master clock, beyond the "
                        + "%.0f ms grace period; its EM windows were already final", behindMs, graceNs / 1e6);
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
            if (aligner.finalizedUpTo() >= w.masterEndNs() + graceNs) {
                featuresByFrame.remove(w.emInstrumentId() + "#" + w.emSequence());
            }
        }
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
