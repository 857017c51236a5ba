package org.operando.producers.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;
import org.operando.producers.Acquired;
import org.operando.producers.files.BadFileException;
import org.operando.producers.files.EcBlocks;
import org.operando.producers.files.EcCsv;
import org.operando.producers.files.EcExports;
import org.operando.producers.files.EcSeries;
import org.operando.producers.ingest.IngestManifest.Instrument;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.Technique;
import org.operando.schemas.Topics;

/**
 * A potentiostat's samples from its export file, as evenly spaced {@code ElectrochemBlock}s of at most
 * {@link #BLOCK_SAMPLES}. Sample times are the file's time column plus {@code timing.startS}. Followed, the file is
 * read again whenever it has grown, and the samples added since are published, except the last line, which may still
 * be being written, until acquisition stops.
 */
final class EcFeed implements Feed {
    static final int BLOCK_SAMPLES = 1000;
    private final String runId;
    private final Instrument in;
    private final Path file;
    private final long startNs;
    private final long offsetNs;
    private final String triggerLine;
    private final boolean follow;
    private final LongSupplier nanoClock;
    private final Deque<Acquired> blocks = new ArrayDeque<>();
    private EcSeries series;
    private int published;
    private long sequence;
    private long readSize = -1;
    private long unreadableSince = -1;
    private Double sampleRateHz;

    /** @param offsetNs master − instrument clock used to order and pace this instrument's records among the others' */
    EcFeed(String runId, Instrument in, Path base, long offsetNs, String triggerLine, boolean follow, LongSupplier nanoClock) {
        this.runId = runId;
        this.in = in;
        this.file = base.resolve(in.path()).normalize();
        this.startNs = ImageFeed.seconds(IngestManifest.timing(in).startS());
        this.offsetNs = offsetNs;
        this.triggerLine = triggerLine;
        this.follow = follow;
        this.nanoClock = nanoClock;
        if (IngestManifest.timing(in).framePeriodS() != null) {
            throw new IllegalArgumentException(in.id() + ": an ELECTROCHEM stream is timed by its export's time column; "
                    + "timing.framePeriodS does not apply");
        }
        if (Files.isDirectory(file)) {
            throw new BadFileException(file, "is a folder; an ELECTROCHEM instrument's path names its export file (.mpt, .DTA, .csv)");
        }
        if (!follow) {
            if (!Files.exists(file)) {
                throw new BadFileException(file, "does not exist");
            }
            take(read(), true);
        }
    }

    private EcSeries read() {
        var c = in.columns();
        EcCsv.Columns columns = c == null ? EcCsv.Columns.AUTO : new EcCsv.Columns(c.time(), c.potential(), c.current());
        return EcExports.read(file, columns, in.technique(), in.scanRateVPerS());
    }

    /** Turns the samples of {@code s} after those already published into blocks (all of them when {@code all}). */
    private void take(EcSeries s, boolean all) {
        series = s;
        int usable = all ? s.size() : s.size() - 1;
        if (usable <= published) {
            return;
        }
        EcSeries fresh = s.range(published, usable);
        List<EcBlocks.Block> cut;
        try {
            cut = EcBlocks.split(fresh, BLOCK_SAMPLES);
        } catch (IllegalArgumentException e) {
            throw new BadFileException(file, e.getMessage());
        }
        for (EcBlocks.Block b : cut) {
            if (sampleRateHz == null && b.size() > 1) {
                sampleRateHz = 1e9 / b.periodNs();
            }
            ElectrochemBlock block = ElectrochemBlock.newBuilder().setRunId(runId).setInstrumentId(in.id()).setSequence(sequence++)
                    .setFirstSampleInstrumentTimeNs(startNs + b.firstNs()).setSamplePeriodNs(b.periodNs()).setTechnique(s.technique())
                    .setScanRateVPerS(s.technique() == Technique.CV ? s.scanRateVPerS() : null)
                    .setCycle(s.cycle() == null ? null : s.cycle()[published + b.from()])
                    .setPotentialV(boxed(fresh.potentialV(), b)).setCurrentA(boxed(fresh.currentA(), b)).build();
            blocks.add(Acquired.of(Topics.ELECTROCHEM, runId, in.id(), Modality.ELECTROCHEM, block,
                    block.getFirstSampleInstrumentTimeNs() + offsetNs));
        }
        published = usable;
    }

    private static List<Double> boxed(double[] values, EcBlocks.Block b) {
        return Arrays.stream(values, b.from(), b.to()).boxed().toList();
    }

    @Override
    public void refresh(boolean last) {
        if (!follow || !Files.isRegularFile(file)) {
            return;
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read: " + e.getMessage(), e);
        }
        if (size == readSize && !last) {
            return;
        }
        try {
            take(read(), last);
            readSize = size;
            unreadableSince = -1;
        } catch (BadFileException e) {
            long now = nanoClock.getAsLong();
            if (unreadableSince < 0 || size != readSize) {
                unreadableSince = now;
                readSize = size;
            }
            if (last || now - unreadableSince >= ImageFeed.SETTLE_NS) {
                throw e;
            }
        }
    }

    @Override
    public Acquired peek() {
        return blocks.peekFirst();
    }

    @Override
    public void take() {
        blocks.removeFirst();
    }

    @Override
    public boolean ready() {
        if (series == null) {
            refresh(false);
        }
        return series != null;
    }

    @Override
    public InstrumentInfo info() {
        return InstrumentInfo.newBuilder().setInstrumentId(in.id()).setModality(Modality.ELECTROCHEM).setClockDomain(in.id())
                .setPixelSizeNm(null).setNominalMagnification(null)
                .setTriggerLines(triggerLine == null ? List.of() : List.of(triggerLine)).build();
    }

    @Override
    public StreamDescriptor descriptor(String run) {
        return StreamDescriptor.newBuilder().setRunId(run).setInstrumentId(in.id()).setModality(Modality.ELECTROCHEM)
                .setClockDomain(in.id()).setSampleRateHz(sampleRateHz).setIntensityUnit("A").build();
    }

    @Override
    public String id() {
        return in.id();
    }

    @Override
    public Modality modality() {
        return Modality.ELECTROCHEM;
    }

    @Override
    public String where() {
        return file.toString();
    }
}
