package org.operando.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.operando.producers.Acquired;
import org.operando.schema.ClockModel;
import org.operando.schema.CorrelatedSample;
import org.operando.schema.DriftEstimate;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.Registration;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;

/**
 * What the page is given for a run, without a broker: the synthetic run's records are put into a {@link RunState}
 * directly. Times on the master clock from the run start (the synthetic master clock starts at an epoch-like 1.65e18
 * ns and every instrument has its own offset), frames paired with their own drift estimate, whole-run decimation,
 * the catalog's bound on runs held in full, and the banners.
 */
class RunViewTest {
    private static final long T0_MS = 1_800_000_000_000L;

    /** Puts {@code ticks} ticks of the synthetic run into a state, as the feed would, with record timestamps T0 + run time. */
    private static RunState feed(RunState run, long ticks, AtomicBoolean pause, long pauseAtTick) {
        SyntheticDashboardSource src = new SyntheticDashboardSource(run.runId, ticks, pause);
        src.preamble().forEach(a -> put(run, a));
        for (Optional<Acquired> a = src.next(); a.isPresent(); a = src.next()) {
            long tick = (a.get().masterTimeNs() - SyntheticDashboardSource.MASTER_START_NS) / SyntheticDashboardSource.TICK_NS;
            if (tick >= pauseAtTick) {
                pause.set(true);
            }
            put(run, a.get());
        }
        return run;
    }

    private static void put(RunState run, Acquired a) {
        long ts = T0_MS + (a.masterTimeNs() - SyntheticDashboardSource.MASTER_START_NS) / 1_000_000;
        Object r = a.record();
        if (r instanceof RunStart s) {
            run.start(s);
        } else if (r instanceof RunStop s) {
            run.stop(s);
        } else if (r instanceof StreamDescriptor d) {
            run.modality(d.getInstrumentId(), d.getModality());
        } else if (r instanceof Frame f) {
            run.input(f.getInstrumentId(), ts);
            run.frame(f);
        } else if (r instanceof ElectrochemBlock b) {
            run.input(b.getInstrumentId(), ts);
            run.electrochem(b);
        } else if (r instanceof DriftEstimate d) {
            run.result("drift", ts, ts + 30, 30);
            run.drift(d);
        } else if (r instanceof ClockModel c) {
            run.result("clock", ts, ts + 30, 30);
            run.clock(c);
        } else if (r instanceof CorrelatedSample c) {
            run.result("alignment", ts, ts + 30, 30);
            run.correlated(c);
        } else if (r instanceof Registration g) {
            run.registration(g);
        } else if (r instanceof Rejected rej) {
            run.deadLetter(rej, rej.getInstrumentId(), ts);
        } else {
            throw new IllegalStateException("unexpected " + r.getClass());
        }
    }

    private static JsonNode view(RunState run, long nowMs) {
        var sel = new StateView.Selection(List.of(), List.of(run), "em-1", null, false, null);
        return StateView.build(sel, Map.of(), r -> Map.of(), Alerts.DEFAULT, nowMs, -1);
    }

    private static double[] range(JsonNode values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (JsonNode v : values) {
            assertThat(v.isNumber()).as("every time known").isTrue();
            lo = Math.min(lo, v.asDouble());
            hi = Math.max(hi, v.asDouble());
        }
        return new double[] {lo, hi};
    }

    @Test
    void shouldPutEverySeriesOnRunSecondsOfTheMasterClock() {
        RunState run = feed(new RunState("r"), 80, new AtomicBoolean(), Long.MAX_VALUE); // 10 s
        JsonNode s = view(run, T0_MS + 10_000).get("series").get("r");
        assertThat(s.get("timeBase").asText()).isEqualTo("master");
        double last = 79 * 0.125;
        assertThat(range(s.get("drift").get("em-1").get("t"))).containsExactly(new double[] {0, last}, within(1e-6));
        double[] ec = range(s.get("ec").get("pstat-1").get("t"));
        assertThat(ec[0]).as("potentiostat clock offset removed").isCloseTo(0, within(1e-6));
        assertThat(ec[1]).isCloseTo(last + 0.124, within(0.002));
        for (String id : List.of("em-1", "opt-1", "pstat-1")) {
            assertThat(range(s.get("clock").get(id).get("t"))).as(id + " residuals on the common run-time axis")
                    .containsExactly(new double[] {0, 76 * 0.125}, within(1e-6));
        }
        assertThat(range(s.get("features").get("em-1").get("particleAreaNm2").get("t"))).containsExactly(new double[] {0, last},
                within(1e-6));
        assertThat(s.get("stopS").asDouble()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void shouldColourCvAndFeaturesByCycle() {
        RunState run = feed(new RunState("r"), 200, new AtomicBoolean(), Long.MAX_VALUE); // 25 s: cycles 0..3
        JsonNode s = view(run, T0_MS).get("series").get("r");
        java.util.Set<Integer> ecCycles = new java.util.TreeSet<>();
        s.get("ec").get("pstat-1").get("cycle").forEach(c -> ecCycles.add(c.asInt()));
        assertThat(ecCycles).containsExactly(0, 1, 2, 3);
        JsonNode f = s.get("features").get("em-1").get("particleAreaNm2");
        for (int k = 0; k < f.get("t").size(); k++) {
            assertThat(f.get("cycle").get(k).asInt()).as("sample at %s s", f.get("t").get(k))
                    .isEqualTo((int) Math.floor(f.get("t").get(k).asDouble() / 8 + 1e-9));
        }
    }

    @Test
    void shouldKeepWholeRunOfElectrochemistryInBoundedRows() {
        DecimatingSeries s = new DecimatingSeries(1, 100);
        for (int i = 0; i < 100_000; i++) {
            s.add(i);
        }
        double[] t = s.columns()[0];
        assertThat(t.length).isBetween(50, 100);
        assertThat(t[0]).isZero();
        assertThat(t[t.length - 1]).as("reaches the end of the run").isGreaterThan(100_000 - 2.0 * s.stride());
        for (int k = 1; k < t.length; k++) {
            assertThat(t[k] - t[k - 1]).as("evenly thinned").isEqualTo(s.stride());
        }
    }

    @Test
    void shouldPairEachFrameWithItsOwnDriftEstimate() {
        CorrectedFrames c = new CorrectedFrames();
        RunState tmp = feed(new RunState("r"), 4, new AtomicBoolean(), Long.MAX_VALUE);
        Frame f0 = tmp.frames.get("em-1").newest().value();
        Frame f1 = Frame.newBuilder(f0).setSequence(f0.getSequence() + 1).build();
        DriftEstimate d = tmp.drift.get("em-1");
        c.frame(f0);
        assertThat(c.displayed().value().drift()).as("before any estimate of the stream: the raw frame").isNull();
        c.frame(f1);
        c.drift(DriftEstimate.newBuilder(d).setSequence(f0.getSequence()).setDxPx(1.5).build());
        assertThat(c.displayed().value().frame().getSequence()).isEqualTo(f0.getSequence());
        assertThat(c.displayed().value().drift().getDxPx()).isEqualTo(1.5);
        assertThat(c.displayed().value().frame().getSequence()).as("f1 waits for its own estimate").isEqualTo(f0.getSequence());
        c.drift(DriftEstimate.newBuilder(d).setSequence(f1.getSequence()).setDxPx(2.5).build());
        assertThat(c.displayed().value().frame().getSequence()).isEqualTo(f1.getSequence());
        assertThat(c.displayed().value().drift().getDxPx()).isEqualTo(2.5);
        // an estimate that comes first waits for its frame
        Frame f2 = Frame.newBuilder(f0).setSequence(f0.getSequence() + 2).build();
        c.drift(DriftEstimate.newBuilder(d).setSequence(f2.getSequence()).setDxPx(3.5).build());
        c.frame(f2);
        assertThat(c.displayed().value().drift().getDxPx()).isEqualTo(3.5);
        assertThat(c.displayed().value().frame().getSequence()).isEqualTo(f2.getSequence());
    }

    @Test
    void shouldShowNewestFrameRawWhenTheStreamHasNoDriftEstimates() {
        CorrectedFrames c = new CorrectedFrames();
        RunState tmp = feed(new RunState("r"), 2, new AtomicBoolean(), Long.MAX_VALUE);
        c.frame(tmp.frames.get("opt-1").newest().value());
        assertThat(c.displayed().value().drift()).isNull();
        assertThat(c.displayed().value().frame().getInstrumentId()).isEqualTo("opt-1");
    }

    @Test
    void shouldHoldAtMostKeepRunsInFullAndEvictLeastRecentlyUsedUnpinned() {
        RunCatalog catalog = new RunCatalog(2);
        catalog.forRecord("a", 1);
        catalog.forRecord("b", 2);
        catalog.pin(java.util.Set.of("a"));
        catalog.forRecord("c", 3);
        assertThat(catalog.fullCount()).isEqualTo(2);
        assertThat(catalog.get("a")).as("pinned: shown by a page").isNotNull();
        assertThat(catalog.get("b")).as("least recently used, evicted").isNull();
        assertThat(catalog.forRecord("b", 4)).as("records of an evicted run only update its entry").isNull();
        assertThat(catalog.entries()).extracting(RunCatalog.Entry::runId).containsExactly("a", "b", "c");
        assertThat(catalog.entries()).extracting(RunCatalog.Entry::loaded).containsExactly(true, false, true);
        assertThat(catalog.firstTimestampMs("b")).isEqualTo(2);
        catalog.install(new RunState("b"));
        assertThat(catalog.get("b")).isNotNull();
        assertThat(catalog.fullCount()).isEqualTo(2);
    }

    @Test
    void shouldRaiseLagStallAndDeadLetterBanners() {
        AtomicBoolean pause = new AtomicBoolean();
        RunState run = new RunState("r");
        SyntheticDashboardSource src = new SyntheticDashboardSource("r", Long.MAX_VALUE, pause);
        src.preamble().forEach(a -> put(run, a));
        for (int i = 0; i < 400; i++) { // 80 ticks x ~5 records; results paused from tick 40 (5 s)
            Acquired a = src.next().orElseThrow();
            if (a.masterTimeNs() - SyntheticDashboardSource.MASTER_START_NS >= 40 * SyntheticDashboardSource.TICK_NS) {
                pause.set(true);
            }
            put(run, a);
        }
        long newest = run.newestInputMs();
        ArrayNode alerts = (ArrayNode) view(run, newest + 100).get("alerts");
        assertThat(alerts).extracting(a -> a.get("kind").asText()).contains("lag", "dead").doesNotContain("stall");
        JsonNode lag = alerts.get(0);
        assertThat(lag.get("text").asText()).startsWith("Processors lag real time");
        assertThat(run.resultsBehindS()).isGreaterThan(2);
        JsonNode dead = alerts.get(1);
        assertThat(dead.get("count").asLong()).isEqualTo(1);
        assertThat(dead.get("href").asText()).isEqualTo("/api/dead-letters?run=r");
        assertThat(dead.get("text").asText()).contains("payload shorter");

        ArrayNode later = (ArrayNode) view(run, newest + Duration.ofSeconds(6).toMillis()).get("alerts");
        JsonNode stall = later.get(1);
        assertThat(stall.get("kind").asText()).isEqualTo("stall");
        assertThat(stall.get("instruments")).extracting(JsonNode::asText).containsExactly("em-1", "opt-1", "pstat-1");
        assertThat(stall.get("text").asText()).isEqualTo("No record from em-1, opt-1, pstat-1 for 6 s or more while the run is open.");
    }

    @Test
    void shouldRaiseNoBannerForAHealthyFinishedRun() {
        RunState run = feed(new RunState("r"), 80, new AtomicBoolean(), Long.MAX_VALUE);
        ArrayNode alerts = (ArrayNode) view(run, run.newestInputMs() + Duration.ofHours(1).toMillis()).get("alerts");
        assertThat(alerts).extracting(a -> a.get("kind").asText()).containsExactly("dead");
    }
}
