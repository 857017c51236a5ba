package org.operando.producers.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.operando.producers.Acquired;
import org.operando.producers.files.BadFileException;
import org.operando.producers.files.TriggerLog;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.TriggerMark;
import org.operando.schemas.Topics;

/**
 * Trigger marks from a log of edge times: the timing generator's own (master clock; announced as the run's TIMING
 * instrument) or one instrument's (its clock, on the same scale as its data's times; announced with that instrument).
 * Followed, the log is read again when it grows, without its last line until acquisition stops.
 */
final class TriggerFeed implements Feed {
    static final String TIMING_ID = "timing";
    private final String runId;
    private final String instrumentId;
    private final Modality modality;
    private final String line;
    private final Path log;
    private final boolean follow;
    private final long offsetNs;
    private double[] edges = new double[0];
    private int index;
    private long readSize = -1;

    /** @param offsetNs master − instrument clock used to order the marks among the other records (0 for the generator) */
    TriggerFeed(String runId, String instrumentId, Modality modality, String line, Path log, long offsetNs, boolean follow) {
        this.runId = runId;
        this.instrumentId = instrumentId;
        this.modality = modality;
        this.line = line;
        this.log = log.normalize();
        this.follow = follow;
        this.offsetNs = offsetNs;
        if (!follow) {
            if (!Files.isRegularFile(this.log)) {
                throw new BadFileException(this.log, "does not exist (trigger log of " + instrumentId + ")");
            }
            edges = TriggerLog.read(this.log, false);
            if (edges.length == 0) {
                throw new BadFileException(this.log, "holds no trigger edges");
            }
        }
    }

    /** True for the timing generator's feed, which is announced as an instrument of its own. */
    boolean isMaster() {
        return modality == Modality.TIMING;
    }

    /** The first edge in the log, s, or null when it holds none (yet). */
    Double firstEdgeS() {
        return edges.length == 0 ? null : edges[0];
    }

    @Override
    public Acquired peek() {
        if (index >= edges.length) {
            return null;
        }
        long t = Math.round(edges[index] * 1e9);
        TriggerMark mark = TriggerMark.newBuilder().setRunId(runId).setInstrumentId(instrumentId).setTriggerLine(line)
                .setSequence(index).setInstrumentTimeNs(t).build();
        return Acquired.of(Topics.TRIGGERS, runId, instrumentId, modality, mark, t + offsetNs);
    }

    @Override
    public void take() {
        index++;
    }

    @Override
    public void refresh(boolean last) {
        if (!follow || !Files.isRegularFile(log)) {
            return;
        }
        try {
            long size = Files.size(log);
            if (size != readSize || last) {
                double[] read = TriggerLog.read(log, !last);
                if (read.length >= edges.length) {
                    edges = read;
                }
                readSize = size;
            }
        } catch (IOException e) {
            throw new BadFileException(log, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public InstrumentInfo info() {
        return InstrumentInfo.newBuilder().setInstrumentId(TIMING_ID).setModality(Modality.TIMING).setClockDomain("master")
                .setPixelSizeNm(null).setNominalMagnification(null).setTriggerLines(List.of(line)).build();
    }

    @Override
    public StreamDescriptor descriptor(String run) {
        return StreamDescriptor.newBuilder().setRunId(run).setInstrumentId(TIMING_ID).setModality(Modality.TIMING)
                .setClockDomain("master").setIntensityUnit("counts").build();
    }

    @Override
    public String id() {
        return instrumentId;
    }

    @Override
    public Modality modality() {
        return modality;
    }

    @Override
    public String where() {
        return log.toString();
    }
}
