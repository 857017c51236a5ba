package org.operando.streams.run;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.TriggerMark;
import org.operando.streams.OperandoStreamsConfig;
import org.operando.streams.sync.ClockSyncSettings;

/**
 * Everything Operando knows about one run while it is processed: the instruments' modalities, the clock models,
 * the alignment windows and the later stages. Records of one run arrive on one partition (key = run id), so one
 * processor instance owns the whole state of a run.
 */
final class RunState {
    private final Map<String, Modality> modalities = new HashMap<>();
    private final Map<String, StreamDescriptor> descriptors = new HashMap<>();
    private final SyncStage sync;
    private final AlignStage align;
    private final DriftStage drift;
    private final RegistrationStage registration;
    private final CorrelationStage correlation;
    private final RejectSink reject;

    /** Dead letters of later stages: the record, its instrument, the stage and the reason. */
    @FunctionalInterface
    interface RejectSink {
        void reject(SpecificRecord record, String instrumentId, String stage, String reason);
    }

    RunState(String runId, OperandoStreamsConfig config, long triggerPeriodNs, Emitter emitter, RejectSink reject) {
        this.reject = reject;
        long graceNs = config.getLong(OperandoStreamsConfig.GRACE_MS) * 1_000_000L;
        this.align = new AlignStage(runId, Math.min(graceNs, 200_000_000L), graceNs,
                config.getLong(OperandoStreamsConfig.TOLERANCE_NS), config.getLong(OperandoStreamsConfig.STALL_MS) * 1_000_000L, emitter);
        this.drift = config.getBoolean(OperandoStreamsConfig.DRIFT_ENABLED)
                ? new DriftStage(runId, org.operando.streams.drift.DriftSettings.defaults(), emitter) : null;
        this.registration = drift != null && config.getBoolean(OperandoStreamsConfig.REGISTRATION_ENABLED)
                ? new RegistrationStage(runId, config, descriptors, drift, emitter) : null;
        this.correlation = new CorrelationStage(runId, config.getInt(OperandoStreamsConfig.CORRELATION_INTERVAL),
                config.getDouble(OperandoStreamsConfig.ROI_RADIUS_FRACTION), drift, emitter);
        align.onSample(correlation::onWindow);
        ClockSyncSettings syncSettings = ClockSyncSettings.forPeriod(triggerPeriodNs)
                .withStaleAfterNs(config.getLong(OperandoStreamsConfig.CLOCK_STALE_MS) * 1_000_000L);
        this.sync = new SyncStage(runId, syncSettings, 2_000, modalities, emitter, this::restamped, this::restampedEc,
                (record, id, reason) -> reject.reject(record, id, "sync", reason));
    }

    void process(SpecificRecord record) {
        if (record instanceof StreamDescriptor d) {
            modalities.put(d.getInstrumentId(), d.getModality());
            descriptors.put(d.getInstrumentId(), d);
            if (d.getModality() == Modality.OPTICAL || d.getModality() == Modality.ELECTROCHEM) {
                align.expectPartner(d.getInstrumentId());
            }
        } else if (record instanceof RunStart start) {
            start.getInstruments().forEach(i -> modalities.putIfAbsent(i.getInstrumentId(), i.getModality()));
            correlation.origin(start.getStartMasterTimeNs());
        } else if (record instanceof RunStop stop) {
            sync.finish();
            align.finish();
            correlation.finish(stop.getStopMasterTimeNs());
        } else if (record instanceof TriggerMark mark) {
            sync.mark(mark, align::observe);
        } else if (record instanceof Frame frame) {
            Modality modality = modalities.get(frame.getInstrumentId());
            if (modality != Modality.EM && modality != Modality.OPTICAL) {
                reject.reject(frame, frame.getInstrumentId(), "sync", "Frame from " + frame.getInstrumentId()
                        + " whose modality is " + modality + "; expected a StreamDescriptor announcing it as EM or OPTICAL");
                return;
            }
            sync.frame(frame, modality);
        } else if (record instanceof ElectrochemBlock block) {
            sync.electrochem(block);
        }
    }

    private void restamped(Restamped r) {
        if (drift != null) {
            guarded(r, "drift", () -> drift.frame(r));
        }
        if (registration != null) {
            guarded(r, "registration", () -> {
                if (r.modality() == Modality.EM) {
                    registration.em(r);
                } else {
                    registration.optical(r);
                }
            });
        }
        Map<String, Double> features = new HashMap<>();
        if (r.modality() == Modality.EM) {
            guarded(r, "features", () -> features.putAll(correlation.em(r)));
        }
        String late = align.frame(r, features);
        if (late != null) {
            reject.reject(r.frame(), r.frame().getInstrumentId(), "align", late);
        }
    }

    /**
     * Runs an image stage on a frame; a frame the stage cannot handle (too small, unexpected content) is dead-lettered
     * with that stage's reason instead of stopping the application. The frame stays aligned either way.
     */
    private void guarded(Restamped r, String stage, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            reject.reject(r.frame(), r.frame().getInstrumentId(), stage,
                    e.getClass().getSimpleName() + ": " + (e.getMessage() == null ? "no message" : e.getMessage()));
        }
    }

    private void restampedEc(ElectrochemBlock block, long[] masterNs, double sigmaNs) {
        double[] potential = block.getPotentialV().stream().mapToDouble(Double::doubleValue).toArray();
        double[] current = block.getCurrentA().stream().mapToDouble(Double::doubleValue).toArray();
        correlation.electrochem(block, masterNs);
        String late = align.ec(block.getInstrumentId(), block.getSequence(), masterNs, potential, current);
        if (late != null) {
            reject.reject(block, block.getInstrumentId(), "align", late);
        }
    }
}
