package org.operando.streams.run;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schema.Rejected;
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
    /** Records kept while announcements are missing; beyond this the run goes on without the missing ones. */
    private static final int MAX_WAITING = 4_000;
    private static final long DEFAULT_TRIGGER_PERIOD_NS = 100_000_000L;
    private final Map<String, Modality> modalities = new HashMap<>();
    private final Map<String, StreamDescriptor> descriptors = new HashMap<>();
    private final String runId;
    private final OperandoStreamsConfig config;
    private final Emitter emitter;
    /** Created by the run's RunStart, before which no acquisition record is processed. */
    private SyncStage sync;
    private final AlignStage align;
    private final DriftStage drift;
    private final RegistrationStage registration;
    private final CorrelationStage correlation;
    private final RejectSink reject;
    private final RunCompletion completion = new RunCompletion();
    /** Acquisition records waiting for the run's announcements, in arrival order (see {@link #releaseAnnounced}). */
    private final Deque<SpecificRecord> waiting = new ArrayDeque<>();
    /** The instruments the RunStart lists. */
    private final java.util.Set<String> listed = new java.util.HashSet<>();
    private boolean started;

    /** Dead letters of later stages: the record, its instrument, the stage and the reason. */
    @FunctionalInterface
    interface RejectSink {
        void reject(SpecificRecord record, String instrumentId, String stage, String reason);
    }

    RunState(String runId, OperandoStreamsConfig config, Emitter emitter, RejectSink reject) {
        this.runId = runId;
        this.config = config;
        this.emitter = emitter;
        this.reject = reject;
        long graceNs = config.getLong(OperandoStreamsConfig.GRACE_MS) * 1_000_000L;
        this.align = new AlignStage(runId, Math.min(graceNs, 200_000_000L), graceNs,
                config.getLong(OperandoStreamsConfig.TOLERANCE_NS), config.getLong(OperandoStreamsConfig.STALL_MS) * 1_000_000L, emitter);
        this.drift = config.getBoolean(OperandoStreamsConfig.DRIFT_ENABLED)
                ? new DriftStage(runId, org.operando.streams.drift.DriftSettings.defaults(), emitter) : null;
        this.registration = drift != null && config.getBoolean(OperandoStreamsConfig.REGISTRATION_ENABLED)
                ? new RegistrationStage(runId, config, drift, emitter) : null;
        this.correlation = new CorrelationStage(runId, config.getInt(OperandoStreamsConfig.CORRELATION_INTERVAL),
                config.getDouble(OperandoStreamsConfig.ROI_RADIUS_FRACTION), drift, emitter);
        align.onSample(correlation::onWindow);
        if (registration != null) {
            align.onSample(registration::onWindow);
        }
    }

    /** Clock sync needs the run's trigger period, which its RunStart gives (nominal 100 ms when it does not say). */
    private SyncStage syncStage(RunStart start) {
        long periodNs = start.getTriggerPeriodNs() != null ? start.getTriggerPeriodNs() : DEFAULT_TRIGGER_PERIOD_NS;
        ClockSyncSettings syncSettings = ClockSyncSettings.forPeriod(periodNs)
                .withStaleAfterNs(config.getLong(OperandoStreamsConfig.CLOCK_STALE_MS) * 1_000_000L);
        return new SyncStage(runId, syncSettings, 2_000, modalities, emitter, this::restamped, this::restampedEc,
                (record, id, reason) -> reject.reject(record, id, "sync", reason));
    }

    void process(SpecificRecord record) {
        if (record instanceof StreamDescriptor d) {
            modalities.put(d.getInstrumentId(), d.getModality());
            descriptors.put(d.getInstrumentId(), d);
            expectIfPartner(d.getInstrumentId(), d.getModality());
            releaseAnnounced();
        } else if (record instanceof RunStart start) {
            if (sync == null) {
                sync = syncStage(start);
                sync.declareClocks(start);
            }
            started = true;
            start.getInstruments().forEach(i -> {
                listed.add(i.getInstrumentId());
                modalities.putIfAbsent(i.getInstrumentId(), i.getModality());
                expectIfPartner(i.getInstrumentId(), i.getModality());
            });
            correlation.origin(start.getStartMasterTimeNs());
            releaseAnnounced();
        } else if (record instanceof RunStop stop) {
            completion.stop(stop);
        } else if (record instanceof Rejected deadLetter) {
            completion.seen(deadLetter.getInstrumentId());
        } else {
            completion.seen(instrumentOf(record));
            waiting.addLast(record);
            releaseAnnounced();
            if (waiting.size() > MAX_WAITING) {
                processOrRejectWaiting(missing -> "No " + missing + " after " + MAX_WAITING + " records of the run");
            }
        }
        if (completion.readyToClose()) {
            close();
        }
    }

    /**
     * Processes the waiting records of announced instruments, in arrival order; the others keep waiting. An instrument
     * is announced once the run's {@code RunStart} (which lists the run's instruments, so partner streams are known
     * before any window is emitted), its own {@code StreamDescriptor} and those of every instrument the RunStart lists
     * have been seen. Records wait until then: Kafka Streams may deliver the first frames or marks (other topics) before
     * the run metadata, and processing them without it would depend on that interleaving. Releasing them in the order
     * they came keeps the marks of all instruments (one topic) in their order.
     */
    private void releaseAnnounced() {
        if (!started || !descriptors.keySet().containsAll(listed)) {
            return;
        }
        for (var it = waiting.iterator(); it.hasNext(); ) {
            SpecificRecord r = it.next();
            if (descriptors.containsKey(instrumentOf(r))) {
                it.remove();
                acquire(r);
            }
        }
    }

    /**
     * Announcements that have not come by now are not coming (too many records wait, or the run ends): every waiting
     * record of an instrument with a descriptor is processed, in arrival order; the others are dead-lettered with
     * {@code reason} (given the missing announcement).
     */
    private void processOrRejectWaiting(java.util.function.Function<String, String> reason) {
        while (!waiting.isEmpty()) {
            SpecificRecord r = waiting.removeFirst();
            String id = instrumentOf(r);
            if (started && descriptors.containsKey(id)) {
                acquire(r);
            } else {
                reject.reject(r, id, "sync", reason.apply(missingAnnouncement(id))
                        + "; a run's RunStart and each instrument's StreamDescriptor must precede its data");
            }
        }
    }

    private String missingAnnouncement(String id) {
        return !started ? "RunStart of run " + runId : "StreamDescriptor for " + id;
    }

    private void expectIfPartner(String instrumentId, Modality modality) {
        if (modality == Modality.OPTICAL || modality == Modality.ELECTROCHEM) {
            align.expectPartner(instrumentId);
        }
    }

    private static String instrumentOf(SpecificRecord record) {
        if (record instanceof TriggerMark m) {
            return m.getInstrumentId();
        } else if (record instanceof Frame f) {
            return f.getInstrumentId();
        }
        return ((ElectrochemBlock) record).getInstrumentId();
    }

    /** An acquisition record of an announced instrument: into clock sync, from where it flows through the stages. */
    private void acquire(SpecificRecord record) {
        if (record instanceof TriggerMark mark) {
            sync.mark(mark, align::observe);
        } else if (record instanceof Frame frame) {
            Modality modality = modalities.get(frame.getInstrumentId());
            if (modality != Modality.EM && modality != Modality.OPTICAL) {
                reject.reject(frame, frame.getInstrumentId(), "sync", "Frame from " + frame.getInstrumentId()
                        + " whose modality is " + modality + "; expected its StreamDescriptor to announce it as EM or OPTICAL");
            } else {
                sync.frame(frame, modality);
            }
        } else if (record instanceof ElectrochemBlock block) {
            sync.electrochem(block);
        }
    }

    /** True while the run's stop record has come but acquisition records it announces have not been seen yet. */
    boolean awaitingRecords() {
        return completion.waiting();
    }

    /** Acquisition records announced by the stop record and not seen yet, per instrument. */
    Map<String, Long> missingRecords() {
        return completion.missing();
    }

    /**
     * Closes the run: places every record still held, emits every window still open and the final correlation results.
     * Called once every record the stop record announces has been seen, or by the caller when they do not come.
     */
    void close() {
        if (completion.isClosed() || completion.stopRecord() == null) {
            return;
        }
        completion.closed();
        processOrRejectWaiting(missing -> "The run ended without a " + missing);
        if (sync != null) {
            sync.finish();
        }
        align.finish();
        correlation.finish(completion.stopRecord().getStopMasterTimeNs());
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
