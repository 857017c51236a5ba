package org.operando.producers.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import org.operando.producers.Acquired;
import org.operando.producers.files.BadFileException;
import org.operando.producers.files.ImageStack;
import org.operando.producers.files.ImageStack.PlaneTime;
import org.operando.producers.files.ImageStacks;
import org.operando.producers.ingest.IngestManifest.Instrument;
import org.operando.producers.ingest.IngestManifest.Timing;
import org.operando.schema.Compression;
import org.operando.schema.Frame;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.StreamDescriptor;
import org.operando.schemas.Topics;

/**
 * An imaging instrument's frames from its image files (MRC or TIFF stacks, one file or a folder of them, taken in name
 * order; sequence numbers run on across files). Each frame is stamped by the manifest's timing: a fixed period, the
 * plane times the files state, or each file's modification time.
 *
 * <p>A finished set is checked whole before anything is published: every file readable and complete, all of one size
 * and pixel type, pixel size and times known. A followed folder is read as it is written: a new file, or new planes of
 * a growing stack, become frames once complete; a file that stays unreadable for {@link #SETTLE_NS} is an error.
 */
final class ImageFeed implements Feed {
    static final long SETTLE_NS = 3_000_000_000L;
    private final String runId;
    private final Instrument in;
    private final Timing timing;
    private final String source;
    private final long offsetNs;
    private final String triggerLine;
    private final boolean follow;
    private final LongSupplier nanoClock;
    private final FolderFiles files;
    private Integer width;
    private Integer height;
    private PixelType pixelType;
    private Double pixelSizeNm;
    private int fileIndex;
    private ImageStack current;
    private int plane;
    private long sequence;
    private Acquired next;
    private long pendingSize = -1;
    private long pendingSinceNs;

    /** @param offsetNs master − instrument clock used to order and pace this instrument's records among the others' */
    ImageFeed(String runId, Instrument in, Path base, long offsetNs, String triggerLine, boolean follow, LongSupplier nanoClock) {
        this.runId = runId;
        this.in = in;
        this.timing = IngestManifest.timing(in);
        this.source = timing.source() != null ? timing.source() : timing.framePeriodS() != null ? "period" : "file";
        this.offsetNs = offsetNs;
        this.triggerLine = triggerLine;
        this.follow = follow;
        this.nanoClock = nanoClock;
        this.pixelSizeNm = in.pixelSizeNm();
        if (!List.of("period", "file", "modified").contains(source)) {
            throw new IllegalArgumentException(in.id() + ": timing.source '" + source + "' is not one of period, file, modified");
        }
        if (source.equals("period") && (timing.framePeriodS() == null || !(timing.framePeriodS() > 0))) {
            throw new IllegalArgumentException(in.id() + ": timing.source period needs a positive timing.framePeriodS");
        }
        this.files = new FolderFiles(base.resolve(in.path()), in.pattern(), ImageStacks::isImageName, follow);
        if (!follow) {
            validate();
        }
    }

    /** Opens every file as the run will read it and checks what the run needs; closes them again. */
    private void validate() {
        if (files.all().isEmpty()) {
            throw new BadFileException(files.root(), "no image files (.mrc, .mrcs, .tif, .tiff, ...) to ingest for " + in.id());
        }
        if (source.equals("file") && files.all().size() > 1) {
            throw new BadFileException(files.root(), in.id() + " has " + files.all().size() + " files, whose plane times each start"
                    + " from their own zero; give timing.framePeriodS, or timing.source: modified for one frame per file");
        }
        for (Path file : files.all()) {
            try (ImageStack stack = ImageStacks.open(file)) {
                accept(file, stack);
                for (int p = 0; p < stack.planes(); p++) {
                    instrumentNs(file, stack, p, p);
                    exposureNs(file, stack, p);
                }
            }
        }
    }

    /** Checks a newly opened file against the stream: same size and type; learns them from the first. */
    private void accept(Path file, ImageStack stack) {
        if (width == null) {
            width = stack.width();
            height = stack.height();
            pixelType = stack.pixelType();
            if (stack.pixelSizeNm() != null) {
                pixelSizeNm = stack.pixelSizeNm();
            }
            if (pixelSizeNm == null || !(pixelSizeNm > 0)) {
                throw new BadFileException(file, "states no pixel size; give pixelSizeNm for " + in.id() + " in the manifest");
            }
        } else if (stack.width() != width || stack.height() != height || stack.pixelType() != pixelType) {
            throw new BadFileException(file, "is " + stack.width() + "x" + stack.height() + " " + stack.pixelType() + ", the first file of "
                    + in.id() + " is " + width + "x" + height + " " + pixelType + "; expected one size and type per stream");
        }
        if (source.equals("modified") && stack.planes() > 1) {
            throw new BadFileException(file, "holds " + stack.planes() + " planes; timing.source modified needs one frame per file");
        }
    }

    private long instrumentNs(Path file, ImageStack stack, int p, long seq) {
        long start = seconds(timing.startS());
        return switch (source) {
            case "period" -> start + Math.round(seq * timing.framePeriodS() * 1e9);
            case "modified" -> {
                try {
                    var t = Files.getLastModifiedTime(file).toInstant();
                    yield start + t.getEpochSecond() * 1_000_000_000L + t.getNano();
                } catch (IOException e) {
                    throw new BadFileException(file, "cannot read its modification time: " + e.getMessage(), e);
                }
            }
            default -> {
                Double delta = stack.time(p).deltaS();
                if (delta == null) {
                    throw new BadFileException(file, "plane " + p + " states no time (no OME DeltaT, no ImageJ finterval); give timing.framePeriodS for "
                            + in.id() + " in the manifest");
                }
                yield start + Math.round(delta * 1e9);
            }
        };
    }

    private long exposureNs(Path file, ImageStack stack, int p) {
        PlaneTime t = stack.time(p);
        Double s = t.exposureS() != null ? t.exposureS() : timing.exposureS() != null ? timing.exposureS() : timing.framePeriodS();
        if (s == null && source.equals("file") && stack.planes() > 1) {
            int q = p + 1 < stack.planes() ? p + 1 : p - 1;
            Double a = stack.time(p).deltaS();
            Double b = stack.time(q).deltaS();
            s = a == null || b == null ? null : Math.abs(b - a);
        }
        if (s == null || !(s > 0)) {
            throw new BadFileException(file, "plane " + p + " states no exposure; give timing.exposureS for " + in.id() + " in the manifest");
        }
        return Math.round(s * 1e9);
    }

    @Override
    public Acquired peek() {
        while (next == null) {
            if (current == null && !openNext()) {
                return null;
            }
            if (plane < current.planes()) {
                Frame f = frame(files.all().get(fileIndex), current, plane);
                next = Acquired.of(Topics.FRAMES, runId, in.id(), in.modality(), f, f.getInstrumentTimeNs() + offsetNs);
            } else if (fileIndex + 1 < files.all().size() && (!follow || current.refresh() <= plane)) {
                current.close();
                current = null;
                fileIndex++;
            } else {
                return null;
            }
        }
        return next;
    }

    private Frame frame(Path file, ImageStack stack, int p) {
        return Frame.newBuilder().setRunId(runId).setInstrumentId(in.id()).setSequence(sequence)
                .setInstrumentTimeNs(instrumentNs(file, stack, p, sequence)).setExposureNs(exposureNs(file, stack, p))
                .setWidth(width).setHeight(height).setPixelType(pixelType).setPixelSizeNm(pixelSizeNm)
                .setStageXNm(orZero(in.stageXNm())).setStageYNm(orZero(in.stageYNm())).setPumpDelayFs(null).setPumpOn(null)
                .setCompression(Compression.NONE).setPixels(ByteBuffer.wrap(stack.plane(p))).build();
    }

    /** Opens the file at fileIndex; false while there is none yet or it is not readable yet (follow). */
    private boolean openNext() {
        if (fileIndex >= files.all().size()) {
            return false;
        }
        Path file = files.all().get(fileIndex);
        if (!follow) {
            current = ImageStacks.open(file);
            accept(file, current);
        } else {
            ImageStack stack;
            try {
                stack = ImageStacks.openGrowing(file);
            } catch (BadFileException e) {
                settleOrFail(file, false);
                return false;
            }
            if (stack.planes() == 0) {
                stack.close();
                settleOrFail(file, false);
                return false;
            }
            accept(file, stack);
            current = stack;
            pendingSize = -1;
        }
        plane = 0;
        return true;
    }

    /**
     * A followed file that cannot be read yet: fine while it is being written; once its size has not changed for the
     * settle time (or acquisition has stopped), the reason it cannot be read is reported as the error it is.
     */
    private void settleOrFail(Path file, boolean last) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read: " + e.getMessage(), e);
        }
        long now = nanoClock.getAsLong();
        if (size != pendingSize) {
            pendingSize = size;
            pendingSinceNs = now;
        }
        if (last || now - pendingSinceNs >= SETTLE_NS) {
            ImageStacks.open(file).close(); // throws the file's problem
            throw new BadFileException(file, "holds no complete frame");
        }
    }

    @Override
    public void take() {
        if (next == null) {
            throw new IllegalStateException("take() without a record from peek()");
        }
        next = null;
        plane++;
        sequence++;
    }

    @Override
    public void refresh(boolean last) {
        if (!follow) {
            return;
        }
        files.rescan();
        if (current != null) {
            current.refresh();
        } else if (last && fileIndex < files.all().size() && !openNext()) {
            settleOrFail(files.all().get(fileIndex), true);
        }
    }

    @Override
    public boolean ready() {
        if (width == null && follow) {
            peek();
        }
        return width != null;
    }

    @Override
    public InstrumentInfo info() {
        return InstrumentInfo.newBuilder().setInstrumentId(in.id()).setModality(in.modality()).setClockDomain(in.id())
                .setPixelSizeNm(pixelSizeNm).setNominalMagnification(null)
                .setTriggerLines(triggerLine == null ? List.of() : List.of(triggerLine)).build();
    }

    @Override
    public StreamDescriptor descriptor(String run) {
        return StreamDescriptor.newBuilder().setRunId(run).setInstrumentId(in.id()).setModality(in.modality()).setClockDomain(in.id())
                .setPixelType(pixelType).setWidth(width).setHeight(height).setPixelSizeNm(pixelSizeNm)
                .setStageOriginXNm(orZero(in.stageXNm())).setStageOriginYNm(orZero(in.stageYNm()))
                .setFramesPerS(timing.framePeriodS() != null ? 1.0 / timing.framePeriodS() : null).setSampleRateHz(null)
                .setIntensityUnit("counts").build();
    }

    @Override
    public String id() {
        return in.id();
    }

    @Override
    public Modality modality() {
        return in.modality();
    }

    @Override
    public String where() {
        return files.root().toString();
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
        }
    }

    static long seconds(Double s) {
        return s == null ? 0 : Math.round(s * 1e9);
    }

    private static double orZero(Double v) {
        return v == null ? 0.0 : v;
    }
}
