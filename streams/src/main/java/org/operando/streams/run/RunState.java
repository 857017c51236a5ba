package org.operando.streams.run;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.FrameAnalysis;
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
    /**
     * Records of one instrument held for its clock model: frame analyses of up to ~15 minutes at 20 Hz may arrive
     * ahead of the marks that place them (they come from other tasks); the run's byte bound applies first.
     */
    private static final int MAX_HELD_PER_INSTRUMENT = 20_000;
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
    /** Descriptors that came before the RunStart, with their sources. */
    private final java.util.List<Held> early = new java.util.ArrayList<>();
    private Source stopSource = Source.UNKNOWN;

    /** Dead letters of later stages: the record, its instrument, where it was read from, the stage and the reason. */
    @FunctionalInterface
    interface RejectSink {
        void reject(SpecificRecord record, String instrumentId, Source source, String stage, String reason);
    }

    /** Where a record was read from (its own topic, partition and offset), for its dead letter. */
    record Source(String topic, int partition, long offset, long timestampMs) {
        static final Source UNKNOWN = new Source("unknown", -1, -1, -1);

        Source(String topic, int partition, long offset) {
            this(topic, partition, offset, -1);
        }
    }

    /** The source of every record still held by a stage, by identity; removed once the record is placed. */
    private final java.util.IdentityHashMap<SpecificRecord, Source> sources = new java.util.IdentityHashMap<>();

    RunState(String runId, OperandoStreamsConfig config, Emitter emitter, RejectSink reject) {
        this.runId = runId;
        this.config = config;
        this.emitter = emitter;
        this.reject = reject;
        long graceNs = config.getLong(OperandoStreamsConfig.GRACE_MS) * 1_000_000L;
        this.align = new AlignStage(runId, Math.min(graceNs, config.getLong(OperandoStreamsConfig.SETTLE_MS) * 1_000_000L), graceNs,
                config.getLong(OperandoStreamsConfig.TOLERANCE_NS), emitter);
        this.drift = config.getBoolean(OperandoStreamsConfig.DRIFT_ENABLED) ? new DriftStage(runId, emitter) : null;
        this.registration = drift != null && config.getBoolean(OperandoStreamsConfig.REGISTRATION_ENABLED)
                ? new RegistrationStage(runId, config, emitter) : null;
        this.correlation = new CorrelationStage(runId, config.getInt(OperandoStreamsConfig.CORRELATION_INTERVAL), emitter);
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
        return new SyncStage(runId, syncSettings, MAX_HELD_PER_INSTRUMENT, modalities, emitter, this::restamped, this::restampedEc,
                (record, id, reason) -> rejectHeld(record, id, stageOf(reason).equals("duplicate") ? "duplicate" : "sync", reason));
    }

    /** Dead-letters a record a stage gave up on, with its own source; it is then no longer held. */
    private void rejectHeld(SpecificRecord record, String instrumentId, String stage, String reason) {
        Source source = sources.remove(record);
        reject.reject(record, instrumentId, source == null ? sourceOf(record) : source, stage, reason);
    }

    private static Source sourceOf(SpecificRecord record) {
        return record instanceof FrameAnalysis a
                ? new Source(a.getSourceTopic(), a.getSourcePartition(), a.getSourceOffset()) : Source.UNKNOWN;
    }

    /** A descriptor after the RunStart: an instrument the RunStart does not list is dead-lettered, not described. */
    private void describe(StreamDescriptor d, Source source) {
        if (!listed.isEmpty() && !listed.contains(d.getInstrumentId())) {
            reject.reject(d, d.getInstrumentId(), source, "validate", "StreamDescriptor of " + d.getInstrumentId()
                    + ", which the RunStart of run " + runId + " does not list (it lists " + new java.util.TreeSet<>(listed)
                    + "); its data will be dead-lettered");
            return;
        }
        modalities.put(d.getInstrumentId(), d.getModality());
        descriptors.put(d.getInstrumentId(), d);
        expectIfPartner(d.getInstrumentId(), d.getModality());
        releaseAnnounced();
    }

    /** A record kept with its source. */
    private record Held(SpecificRecord record, Source source) {
    }

    /** True once the run's RunStart has come. */
    boolean started() {
        return started;
    }

    /**
     * The run never started (no RunStart came in time): every record it holds is dead-lettered with {@code reason},
     * and the run is closed.
     */
    void abandon(String reason) {
        for (Held h : early) {
            reject.reject(h.record(), instrumentOf(h.record()), h.source(), "run", reason);
        }
        early.clear();
        if (completion.stopRecord() != null) {
            reject.reject(completion.stopRecord(), completion.stopRecord().getInstrumentId(), stopSource, "run", reason);
        }
        while (!waiting.isEmpty()) {
            SpecificRecord r = waiting.removeFirst();
            rejectHeld(r, instrumentOf(r), "run", reason);
        }
        if (completion.stopRecord() == null) {
            completion.stop(RunStop.newBuilder().setRunId(runId).setInstrumentId("operando").setStopMasterTimeNs(0)
                    .setWallClockEpochNs(0).setReason("abandoned").setRecordsPublished(Map.of()).build());
        }
        completion.closed();
    }

    /** A stream of the run stopped delivering (wall-clock silence): alignment no longer waits for it. */
    void stalled(String instrumentId) {
        align.stalled(instrumentId);
    }

    /** The instruments whose data the run's windows wait for (optical, EC), as announced so far. */
    java.util.Set<String> partners() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        modalities.forEach((id, m) -> {
            if (m == Modality.OPTICAL || m == Modality.ELECTROCHEM) {
                out.add(id);
            }
        });
        return out;
    }

    boolean isClosed() {
        return completion.isClosed();
    }

    void process(SpecificRecord record, Source source) {
        if (record instanceof FrameAnalysis a && a.getRejectedReason() != null) {
            completion.seen(a.getInstrumentId()); // dead-lettered before analysis; counts towards the announced records
        } else if (record instanceof StreamDescriptor d) {
            if (!started) {
                early.add(new Held(d, source)); // judged against the RunStart's instrument list when it comes
            } else {
                describe(d, source);
            }
        } else if (record instanceof RunStart start) {
            if (started) {
                reject.reject(start, start.getInstrumentId(), source, "validate", "A second RunStart for run " + runId
                        + "; the first one stands");
                return;
            }
            sync = syncStage(start);
            sync.declareClocks(start);
            started = true;
            start.getInstruments().forEach(i -> {
                listed.add(i.getInstrumentId());
                modalities.putIfAbsent(i.getInstrumentId(), i.getModality());
                expectIfPartner(i.getInstrumentId(), i.getModality());
            });
            early.forEach(h -> describe((StreamDescriptor) h.record(), h.source()));
            early.clear();
            correlation.origin(start.getStartMasterTimeNs());
            start.getInstruments().stream().filter(i -> i.getModality() == Modality.EM).findFirst()
                    .ifPresent(i -> correlation.primaryEm(i.getInstrumentId()));
            releaseAnnounced();
        } else if (record instanceof RunStop stop) {
            if (!started) {
                // the runs topic keeps its producer's order, so this RunStop was published before its RunStart
                reject.reject(stop, stop.getInstrumentId(), source, "run", "RunStop of run " + runId + " came before its RunStart "
                        + "(a run never started: its RunStart must precede its RunStop)");
                return;
            }
            if (completion.stopRecord() == null) {
                stopSource = source;
            }
            completion.stop(stop);
        } else if (record instanceof Rejected deadLetter) {
            completion.seen(deadLetter.getInstrumentId());
        } else {
            completion.seen(instrumentOf(record));
            if (!(record instanceof FrameAnalysis)) {
                sources.put(record, source);
            }
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
                rejectHeld(r, id, "sync", reason.apply(missingAnnouncement(id))
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
        } else if (modality == Modality.EM) {
            align.expectEm(instrumentId);
        }
    }

    private static String instrumentOf(SpecificRecord record) {
        if (record instanceof StreamDescriptor d) {
            return d.getInstrumentId();
        } else if (record instanceof TriggerMark m) {
            return m.getInstrumentId();
        } else if (record instanceof FrameAnalysis f) {
            return f.getInstrumentId();
        }
        return ((ElectrochemBlock) record).getInstrumentId();
    }

    /** An acquisition record of an announced instrument: into clock sync, from where it flows through the stages. */
    private void acquire(SpecificRecord record) {
        if (record instanceof TriggerMark mark) {
            // no event times: record timestamps are send times, which differ between a real-time and a max-speed
            // publication of one run; the order of the triggers topic (one producer, acquisition order) does not
            sync.mark(mark, org.operando.streams.sync.ClockSync.NO_EVENT_TIME, align::observe);
            sources.remove(mark);
        } else if (record instanceof FrameAnalysis frame) {
            Modality modality = modalities.get(frame.getInstrumentId());
            if (modality != Modality.EM && modality != Modality.OPTICAL) {
                rejectHeld(frame, frame.getInstrumentId(), "sync", "Frame from " + frame.getInstrumentId()
                        + " whose modality is " + modality + "; expected its StreamDescriptor to announce it as EM or OPTICAL");
            } else {
                sync.frame(frame);
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
        Source source = sourceOf(r.analysis());
        if (drift != null) {
            drift.frame(r);
        }
        if (registration != null) {
            guarded(r, source, "registration", () -> {
                if (r.modality() == Modality.EM) {
                    registration.em(r);
                } else {
                    registration.optical(r);
                }
            });
        }
        Map<String, Double> features = new HashMap<>();
        if (r.modality() == Modality.EM) {
            guarded(r, source, "features", () -> features.putAll(correlation.em(r)));
        }
        String late = align.frame(r, features);
        if (late != null) {
            reject.reject(r.analysis(), r.instrumentId(), source, stageOf(late), late);
        }
    }

    /**
     * Runs a stage on a frame; a frame the stage cannot handle (unexpected content) is dead-lettered with that stage's
     * reason instead of stopping the application. The frame stays aligned either way.
     */
    private void guarded(Restamped r, Source source, String stage, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            reject.reject(r.analysis(), r.instrumentId(), source, stage,
                    e.getClass().getSimpleName() + ": " + (e.getMessage() == null ? "no message" : e.getMessage()));
        }
    }

    private static String stageOf(String reason) {
        return reason.startsWith(AlignStage.DUPLICATE_PREFIX) ? "duplicate" : "align";
    }

    private void restampedEc(ElectrochemBlock block, long[] masterNs, double sigmaNs) {
        Source source = sources.remove(block);
        double[] potential = block.getPotentialV().stream().mapToDouble(Double::doubleValue).toArray();
        double[] current = block.getCurrentA().stream().mapToDouble(Double::doubleValue).toArray();
        correlation.electrochem(block, masterNs);
        String late = align.ec(block.getInstrumentId(), block.getSequence(), masterNs, potential, current);
        if (late != null) {
            reject.reject(block, block.getInstrumentId(), source == null ? Source.UNKNOWN : source, stageOf(late), late);
        }
    }
}
