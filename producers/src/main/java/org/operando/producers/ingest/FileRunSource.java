package org.operando.producers.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.operando.producers.Acquired;
import org.operando.producers.AcquisitionSource;
import org.operando.producers.files.BadFileException;
import org.operando.producers.ingest.IngestManifest.Instrument;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schemas.DeadLetters;
import org.operando.schemas.Topics;

/**
 * A run read from instrument files, as an {@link AcquisitionSource}: RunStart, one StreamDescriptor per instrument,
 * the data of every instrument in master-time order, RunStop.
 *
 * <p>A finished set is checked whole when the source is built (every file opened, sizes, types, pixel sizes and times
 * known), so a bad file fails the command before anything is published. Followed ({@link Follow#enabled}), the
 * RunStart waits for every instrument's first data; records are then published as files are completed, until the stop
 * flag is set (Ctrl-C) or nothing new has come for the idle time. A file that turns out bad after the RunStart ends the
 * run: a {@code Rejected} dead letter (stage {@code ingest}, source "file:PATH") says what is wrong, and the RunStop's
 * reason is {@code aborted: ...}, with the counts of what was published.
 *
 * <p>Timing: with {@code triggers} in the manifest, trigger marks are published (the generator's log as the TIMING
 * instrument, each instrument's log as its marks) and the processors fit each clock. Without, the RunStart says
 * {@code timing=unsynchronized}, has no trigger period, and gives each instrument's declared offset as
 * {@code clockOffsetNs.<id>}: master = instrument + offset.
 */
public final class FileRunSource implements AcquisitionSource {
    /** RunStart parameter saying how the run's clocks relate: {@value #UNSYNCHRONIZED} or {@value #TRIGGERED}. */
    public static final String TIMING_PARAMETER = "timing";
    public static final String UNSYNCHRONIZED = "unsynchronized";
    public static final String TRIGGERED = "triggered";
    /** Prefix of the RunStart parameters giving each instrument's declared clock offset (ns) in an unsynchronized run. */
    public static final String OFFSET_PARAMETER_PREFIX = "clockOffsetNs.";
    private static final String RUN_INSTRUMENT = "ingest";

    /**
     * Whether and how to follow folders being written.
     *
     * @param idleStop stop when nothing new has come for this long (after the run has started); null: only on the flag
     */
    public record Follow(boolean enabled, Duration poll, Duration idleStop, AtomicBoolean stop) {
        public static Follow off() {
            return new Follow(false, Duration.ofMillis(200), null, new AtomicBoolean());
        }
    }

    private final IngestManifest manifest;
    private final Follow follow;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClockEpochNs;
    private final Consumer<String> log;
    private final List<Feed> feeds = new ArrayList<>();
    private long lastMasterNs = Long.MIN_VALUE;
    private long lastDataNs;
    private boolean draining;
    private boolean finished;
    private boolean stoppedEarly;
    private BadFileException failure;

    private FileRunSource(IngestManifest manifest, Follow follow, LongSupplier nanoClock, LongSupplier wallClockEpochNs,
                          Consumer<String> log) {
        this.manifest = manifest;
        this.follow = follow;
        this.nanoClock = nanoClock;
        this.wallClockEpochNs = wallClockEpochNs;
        this.log = log;
    }

    /**
     * Reads the manifest and, for a finished set, checks every file it names.
     *
     * @throws BadFileException naming the manifest or the file that is wrong, and what is wrong with it
     */
    public static FileRunSource open(Path manifestFile, Follow follow, LongSupplier nanoClock, LongSupplier wallClockEpochNs,
                                     Consumer<String> log) {
        return open(manifestFile, null, follow, nanoClock, wallClockEpochNs, log);
    }

    /** {@link #open(Path, Follow, LongSupplier, LongSupplier, Consumer)} under another run id than the manifest's (when not null). */
    public static FileRunSource open(Path manifestFile, String runId, Follow follow, LongSupplier nanoClock, LongSupplier wallClockEpochNs,
                                     Consumer<String> log) {
        IngestManifest read = IngestManifest.read(manifestFile);
        IngestManifest manifest = runId == null ? read
                : new IngestManifest(runId, read.specimen(), read.operator(), read.instruments(), read.triggers(), read.parameters());
        FileRunSource source = new FileRunSource(manifest, follow, nanoClock, wallClockEpochNs, log);
        Path base = manifestFile.toAbsolutePath().getParent();
        try {
            source.build(base);
        } catch (IllegalArgumentException e) {
            source.close();
            throw new BadFileException(manifestFile, e.getMessage(), e);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        return source;
    }

    /**
     * The feeds. Records are published in master-time order, so each instrument needs an offset master − instrument
     * before any clock is fitted: without triggers, the declared one; with triggers, the difference between the first
     * edge of the generator's log and the first of the instrument's, as if both logs began at the same edge. The
     * instrument's marks are then published a quarter period after the edge each estimates, as a live instrument's
     * marks arrive after the generator's edge: the processors' first pairing of a clock takes a mark's edge from that
     * delivery order (PairingBootstrap), and fits the clock itself from the marks.
     */
    private void build(Path base) {
        var triggers = manifest.triggers();
        String line = triggers == null ? null : triggers.line() != null ? triggers.line() : "ttl0";
        TriggerFeed master = null;
        if (triggers != null) {
            master = new TriggerFeed(manifest.runId(), TriggerFeed.TIMING_ID, Modality.TIMING, line, base.resolve(triggers.masterLog()), 0,
                    follow.enabled());
            feeds.add(master);
        }
        for (Instrument in : manifest.instruments()) {
            String log = IngestManifest.timing(in).triggerLog();
            long offsetNs = ImageFeed.seconds(IngestManifest.timing(in).offsetS());
            TriggerFeed marks = null;
            if (triggers != null) {
                if (log == null) {
                    throw new IllegalArgumentException(in.id() + " has no timing.triggerLog, but the run declares triggers; every "
                            + "instrument needs its log of the trigger edges (or leave out triggers for an unsynchronized run)");
                }
                TriggerFeed probe = new TriggerFeed(manifest.runId(), in.id(), in.modality(), line, base.resolve(log), 0, follow.enabled());
                if (master.firstEdgeS() != null && probe.firstEdgeS() != null) {
                    offsetNs = Math.round((master.firstEdgeS() - probe.firstEdgeS()) * 1e9);
                }
                long afterEdgeNs = Math.round(triggers.periodS() * 1e9 / 4);
                marks = new TriggerFeed(manifest.runId(), in.id(), in.modality(), line, base.resolve(log), offsetNs + afterEdgeNs,
                        follow.enabled());
            }
            feeds.add(in.modality() == Modality.ELECTROCHEM
                    ? new EcFeed(manifest.runId(), in, base, offsetNs, line, follow.enabled(), nanoClock)
                    : new ImageFeed(manifest.runId(), in, base, offsetNs, line, follow.enabled(), nanoClock));
            if (marks != null) {
                feeds.add(marks);
            }
        }
    }

    public String runId() {
        return manifest.runId();
    }

    /** The problem that ended the run early, if one did. */
    public Optional<BadFileException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public List<Acquired> preamble() {
        if (follow.enabled()) {
            awaitFirstData();
        }
        long start = Long.MAX_VALUE;
        for (Feed f : feeds) {
            Acquired a = f.peek();
            if (a != null && !(f instanceof TriggerFeed)) {
                start = Math.min(start, a.masterTimeNs());
            }
        }
        // a clock reading is never negative: a trigger log's first edge estimate can fall a little before zero
        start = start == Long.MAX_VALUE ? 0 : Math.max(0, start);
        List<InstrumentInfo> infos = new ArrayList<>();
        List<Acquired> out = new ArrayList<>();
        for (Feed f : feeds) {
            if (f instanceof TriggerFeed t && !t.isMaster()) {
                continue; // an instrument's own marks: announced with the instrument
            }
            infos.add(f.info());
            out.add(Acquired.of(Topics.RUNS, runId(), f.info().getInstrumentId(), f.modality(), f.descriptor(runId()), start));
        }
        RunStart runStart = RunStart.newBuilder().setRunId(runId()).setInstrumentId(RUN_INSTRUMENT).setStartMasterTimeNs(start)
                .setWallClockEpochNs(wallClockEpochNs.getAsLong()).setSpecimen(manifest.specimen()).setOperator(manifest.operator())
                .setSimulated(false).setInstruments(infos)
                .setTriggerPeriodNs(manifest.triggers() == null ? null : Math.round(manifest.triggers().periodS() * 1e9))
                .setParameters(parameters()).build();
        out.add(0, Acquired.of(Topics.RUNS, runId(), RUN_INSTRUMENT, Modality.TIMING, runStart, start));
        lastDataNs = nanoClock.getAsLong();
        return out;
    }

    private Map<String, String> parameters() {
        Map<String, String> p = new TreeMap<>(manifest.parameters());
        p.put("source", "ingest");
        p.put(TIMING_PARAMETER, manifest.triggers() == null ? UNSYNCHRONIZED : TRIGGERED);
        if (manifest.triggers() == null) {
            for (Instrument in : manifest.instruments()) {
                p.put(OFFSET_PARAMETER_PREFIX + in.id(), Long.toString(ImageFeed.seconds(IngestManifest.timing(in).offsetS())));
            }
        }
        return p;
    }

    private void awaitFirstData() {
        List<String> told = new ArrayList<>();
        while (true) {
            List<Feed> waiting = feeds.stream().filter(f -> !f.ready()).toList();
            if (waiting.isEmpty()) {
                return;
            }
            for (Feed f : waiting) {
                if (!told.contains(f.id())) {
                    log.accept("waiting for the first data of " + f.id() + " in " + f.where());
                    told.add(f.id());
                }
            }
            if (follow.stop().get()) {
                throw new IllegalStateException("stopped before every instrument had data; nothing was published (waiting for "
                        + waiting.stream().map(Feed::id).toList() + ")");
            }
            sleep();
            feeds.forEach(f -> f.refresh(false));
        }
    }

    @Override
    public Optional<Acquired> next() {
        if (finished) {
            return Optional.empty();
        }
        if (!follow.enabled() && follow.stop().get()) {
            log.accept("stop requested: publishing the RunStop after what was published");
            finished = true;
            stoppedEarly = true;
            return Optional.empty();
        }
        while (true) {
            Feed feed = null;
            Acquired best = null;
            try {
                for (Feed f : feeds) {
                    Acquired a = f.peek();
                    if (a != null && (best == null || a.masterTimeNs() < best.masterTimeNs())) {
                        best = a;
                        feed = f;
                    }
                }
                if (best != null) {
                    feed.take();
                    lastMasterNs = Math.max(lastMasterNs, best.masterTimeNs());
                    lastDataNs = nanoClock.getAsLong();
                    return Optional.of(best);
                }
                if (!follow.enabled() || draining) {
                    finished = true;
                    return Optional.empty();
                }
                if (shouldStop()) {
                    draining = true;
                    for (Feed f : feeds) {
                        feed = f;
                        f.refresh(true);
                    }
                    continue;
                }
                sleep();
                for (Feed f : feeds) {
                    feed = f;
                    f.refresh(false);
                }
            } catch (BadFileException e) {
                return Optional.of(fail(feed, e));
            }
        }
    }

    private boolean shouldStop() {
        if (follow.stop().get()) {
            log.accept("stop requested: publishing what is complete and the RunStop");
            return true;
        }
        Duration idle = follow.idleStop();
        if (idle != null && nanoClock.getAsLong() - lastDataNs >= idle.toNanos()) {
            log.accept("nothing new for " + idle.toMillis() / 1000.0 + " s: publishing the RunStop");
            return true;
        }
        return false;
    }

    /** Ends the run at a bad file: the dead letter to publish, naming the file and the problem. */
    private Acquired fail(Feed feed, BadFileException e) {
        failure = e;
        finished = true;
        String instrument = feed == null ? RUN_INSTRUMENT : feed.id();
        Modality modality = feed == null ? Modality.TIMING : feed.modality();
        var rejected = DeadLetters.rejected("ingest", e.getMessage(), runId(), instrument, "file:" + e.file(), -1, -1,
                runId().getBytes(StandardCharsets.UTF_8), null);
        return Acquired.of(Topics.DEAD_LETTERS, runId(), instrument, modality, rejected, Math.max(lastMasterNs, 0));
    }

    @Override
    public List<Acquired> epilogue(Map<String, Long> publishedPerInstrument) {
        long end = Math.max(lastMasterNs, 0);
        String reason = failure != null ? "aborted: " + failure.getMessage() : stoppedEarly ? "stopped before the end of the files" : "completed";
        Map<String, Long> counts = new TreeMap<>(publishedPerInstrument);
        RunStop stop = RunStop.newBuilder().setRunId(runId()).setInstrumentId(RUN_INSTRUMENT).setStopMasterTimeNs(end)
                .setWallClockEpochNs(wallClockEpochNs.getAsLong()).setReason(reason).setRecordsPublished(counts).build();
        return List.of(Acquired.of(Topics.RUNS, runId(), RUN_INSTRUMENT, Modality.TIMING, stop, end));
    }

    private void sleep() {
        try {
            Thread.sleep(follow.poll().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            follow.stop().set(true);
        }
    }

    @Override
    public void close() {
        feeds.forEach(Feed::close);
    }
}
