package org.operando.ops.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.operando.ops.recording.RecordedRecord;
import org.operando.schema.ClockModel;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.CorrelationResult;
import org.operando.schema.DriftEstimate;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.Registration;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schemas.RecordDecodeException;
import org.operando.schemas.SchemaRegistry;

/**
 * What a run says about itself and what the processors made of it, everything but pixels and samples: the first
 * pass of an export collects it. It is small (some hundred bytes per frame), so it is held whole.
 *
 * <p>Where a result is published more than once, the export keeps: per frame, the last drift estimate; per EM
 * window, the highest revision; per correlation kind and feature, the highest revision; every registration and
 * every clock model, in order (the last is the one used to place data on the master clock).
 */
public final class RunMetadata {
    private final String runId;
    private RunStart start;
    private RunStop stop;
    private final Map<String, StreamDescriptor> descriptors = new LinkedHashMap<>();
    private final Map<String, List<ClockModel>> clockModels = new TreeMap<>();
    private final Map<String, TreeMap<Long, DriftEstimate>> drift = new TreeMap<>();
    private final List<Registration> registrations = new ArrayList<>();
    private final Map<String, TreeMap<Long, CorrelatedSample>> correlated = new TreeMap<>();
    private final Map<String, CorrelationResult> results = new TreeMap<>();
    private long undecodable;

    public RunMetadata(String runId) {
        this.runId = runId;
    }

    /** Takes one record of the runs or result topics; other record types are ignored. */
    public void add(RecordedRecord r) {
        SpecificRecord record;
        try {
            record = SchemaRegistry.get().decodeAny(r.value());
        } catch (RecordDecodeException e) {
            undecodable++;
            return;
        }
        if (record instanceof RunStart s) {
            start = start == null ? s : start;
        } else if (record instanceof RunStop s) {
            stop = stop == null ? s : stop;
        } else if (record instanceof StreamDescriptor d) {
            descriptors.putIfAbsent(d.getInstrumentId(), d);
        } else if (record instanceof ClockModel m) {
            clockModels.computeIfAbsent(m.getInstrumentId(), k -> new ArrayList<>()).add(m);
        } else if (record instanceof DriftEstimate d) {
            drift.computeIfAbsent(d.getInstrumentId(), k -> new TreeMap<>()).put(d.getSequence(), d);
        } else if (record instanceof Registration g) {
            registrations.add(g);
        } else if (record instanceof CorrelatedSample c) {
            correlated.computeIfAbsent(c.getInstrumentId(), k -> new TreeMap<>())
                    .merge(c.getEmSequence(), c, (a, b) -> b.getRevision() >= a.getRevision() ? b : a);
        } else if (record instanceof CorrelationResult c) {
            results.merge(c.getInstrumentId() + "/" + c.getKind() + "/" + c.getFeature(), c,
                    (a, b) -> b.getRevision() >= a.getRevision() ? b : a);
        }
    }

    public String runId() {
        return runId;
    }

    /** The run's RunStart; an export cannot place anything in time without it. */
    public RunStart start() {
        if (start == null) {
            throw new IllegalArgumentException("No RunStart for run " + runId + " on the runs topic: is the run id right?");
        }
        return start;
    }

    /** The RunStop, or null while the run has not stopped. */
    public RunStop stop() {
        return stop;
    }

    public Map<String, StreamDescriptor> descriptors() {
        return descriptors;
    }

    public Map<String, List<ClockModel>> clockModels() {
        return clockModels;
    }

    /** Drift estimates per instrument, by frame sequence. */
    public Map<String, TreeMap<Long, DriftEstimate>> drift() {
        return drift;
    }

    public DriftEstimate drift(String instrumentId, long sequence) {
        TreeMap<Long, DriftEstimate> d = drift.get(instrumentId);
        return d == null ? null : d.get(sequence);
    }

    public List<Registration> registrations() {
        return registrations;
    }

    /** The last registration of each (EM, optical) pair, keyed {@code em + "/" + optical}, in the order pairs appear. */
    public Map<String, Registration> lastRegistrations() {
        Map<String, Registration> last = new LinkedHashMap<>();
        for (Registration g : registrations) {
            last.put(g.getInstrumentId() + "/" + g.getOpticalInstrumentId(), g);
        }
        return last;
    }

    public Map<String, TreeMap<Long, CorrelatedSample>> correlated() {
        return correlated;
    }

    public List<CorrelationResult> results() {
        return List.copyOf(results.values());
    }

    public long undecodable() {
        return undecodable;
    }

    /** Master-clock placement of an instrument's times, with its last clock model. */
    public ClockMap clock(String instrumentId) {
        List<ClockModel> models = clockModels.get(instrumentId);
        return ClockMap.of(models == null || models.isEmpty() ? null : models.get(models.size() - 1), start().getStartMasterTimeNs());
    }

    /** The instrument's modality from its descriptor or the RunStart; null when neither names it. */
    public Modality modality(String instrumentId) {
        StreamDescriptor d = descriptors.get(instrumentId);
        if (d != null) {
            return d.getModality();
        }
        for (InstrumentInfo i : start().getInstruments()) {
            if (i.getInstrumentId().equals(instrumentId)) {
                return i.getModality();
            }
        }
        return null;
    }

    /** The instrument as the RunStart announces it, or null. */
    public InstrumentInfo instrument(String instrumentId) {
        for (InstrumentInfo i : start().getInstruments()) {
            if (i.getInstrumentId().equals(instrumentId)) {
                return i;
            }
        }
        return null;
    }
}
