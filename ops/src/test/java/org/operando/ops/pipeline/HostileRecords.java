package org.operando.ops.pipeline;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.operando.producers.Acquired;
import org.operando.schema.Compression;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.InstrumentInfo;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.TriggerMark;
import org.operando.schemas.FramePixels;
import org.operando.schemas.SchemaRegistry;
import org.operando.schemas.Topics;

/**
 * A valid simulated run as its producers publish it, and the same run with hostile records of the chosen
 * {@link HostileKind}s interleaved at seeded random places. Each hostile record is made from a real record of the run
 * (or of a run of its own, for runs-topic records that would otherwise change the valid run's metadata), so it is
 * attributed to the instrument it pretends to come from. The hostile run's {@code RunStop} announces what its producers
 * published under the run's key, hostile records included (as {@code Publisher} counts them); the clean run's
 * announces its valid records only.
 */
final class HostileRecords {
    /** One record on the wire: {@code kind} null for the valid run's records; {@code bad} false for helpers of a kind. */
    record Wire(String topic, String key, byte[] value, String instrument, HostileKind kind, boolean bad) {
        static Wire valid(String topic, String key, SpecificRecord record, String instrument) {
            return new Wire(topic, key, SchemaRegistry.get().encode(record), instrument, null, false);
        }

        @Override
        public String toString() {
            return (kind == null ? "valid" : kind.name()) + " " + topic + " key=" + key + " (" + (value == null ? "null" : value.length + " B") + ")";
        }
    }

    private final String runId;
    private final Random random;
    private final List<Wire> preamble = new ArrayList<>();
    private final List<Wire> body = new ArrayList<>();
    private RunStop stop;
    private final List<Frame> em = new ArrayList<>();
    private final List<Frame> optical = new ArrayList<>();
    private final List<TriggerMark> marks = new ArrayList<>();
    private final List<ElectrochemBlock> blocks = new ArrayList<>();

    private HostileRecords(String runId, List<Acquired> run, long seed) {
        this.runId = runId;
        this.random = new Random(seed);
        for (Acquired a : run) {
            if (a.topic().equals(Topics.GROUND_TRUTH)) {
                continue;
            }
            if (a.record() instanceof RunStop s) {
                stop = s;
                continue;
            }
            (body.isEmpty() && a.topic().equals(Topics.RUNS) ? preamble : body).add(Wire.valid(a.topic(), a.runId(), a.record(), a.instrumentId()));
            if (a.record() instanceof Frame f) {
                (a.modality() == Modality.EM ? em : optical).add(f);
            } else if (a.record() instanceof TriggerMark m) {
                marks.add(m);
            } else if (a.record() instanceof ElectrochemBlock b) {
                blocks.add(b);
            }
        }
    }

    /** A short simulated run of {@code profile} (preamble, data, RunStop announcing its acquisition records). */
    static HostileRecords simulated(String profile, Duration duration, String runId, long seed) {
        return new HostileRecords(runId, TopologyFeed.published(profile, duration, runId), seed);
    }

    /** The run as published, without hostile records. */
    List<Wire> clean() {
        List<Wire> out = new ArrayList<>(preamble);
        out.addAll(body);
        out.add(Wire.valid(Topics.RUNS, runId, stop, stop.getInstrumentId()));
        return out;
    }

    /** The run with one or more hostile records of each kind interleaved (a kind's records keep their order). */
    List<Wire> with(Collection<HostileKind> kinds) {
        List<Wire> before = new ArrayList<>();
        List<Wire> out = new ArrayList<>(body);
        Map<String, Long> announced = new TreeMap<>(stop.getRecordsPublished());
        for (HostileKind kind : kinds) {
            List<Wire> made = make(kind, before);
            int at = 1 + random.nextInt(out.size() - 1);
            if (kind.name().startsWith("DUPLICATE_")) {
                // a duplicate is the later of two equal records: it goes after the record it copies
                int original = -1;
                for (int i = 0; i < out.size(); i++) {
                    if (out.get(i).topic().equals(made.get(0).topic()) && java.util.Arrays.equals(out.get(i).value(), made.get(0).value())) {
                        original = i;
                        break;
                    }
                }
                at = original + 1 + random.nextInt(Math.max(1, out.size() - original - 1));
            }
            for (Wire w : made) {
                out.add(Math.min(at++, out.size()), w);
                if (runId.equals(w.key()) && Topics.ACQUISITION.contains(w.topic()) && announced.containsKey(w.instrument())) {
                    announced.merge(w.instrument(), 1L, Long::sum);
                }
            }
        }
        List<Wire> all = new ArrayList<>(before);
        all.addAll(preamble);
        all.addAll(out);
        all.add(Wire.valid(Topics.RUNS, runId, RunStop.newBuilder(stop).setRecordsPublished(announced).build(), stop.getInstrumentId()));
        return all;
    }

    private <T> T pick(List<T> from) {
        return from.get(from.size() / 4 + random.nextInt(Math.max(1, from.size() / 2)));
    }

    private static byte[] encode(SpecificRecord r) {
        return SchemaRegistry.get().encode(r);
    }

    private Wire bad(HostileKind kind, String topic, String key, byte[] value, String instrument) {
        return new Wire(topic, key, value, instrument, kind, true);
    }

    private Wire frame(HostileKind kind, Frame f) {
        return bad(kind, Topics.FRAMES, runId, encode(f), f.getInstrumentId());
    }

    private Frame.Builder emFrame() {
        return Frame.newBuilder(pick(em));
    }

    /** A frame of the run's EM stream with a sequence number and time of its own, after the run's last EM frame. */
    private Frame.Builder newEmFrame() {
        Frame last = em.get(em.size() - 1);
        return Frame.newBuilder(pick(em)).setSequence(last.getSequence() + 1 + random.nextInt(1000));
    }

    private List<Wire> make(HostileKind kind, List<Wire> before) {
        Frame f = pick(em);
        TriggerMark m = pick(marks);
        ElectrochemBlock b = pick(blocks);
        String emId = f.getInstrumentId();
        return switch (kind) {
            case TRUNCATED_BODY -> List.of(bad(kind, Topics.FRAMES, runId, Arrays.copyOf(encode(f), encode(f).length / 2), emId));
            case TRUNCATED_HEADER -> List.of(bad(kind, Topics.TRIGGERS, runId, Arrays.copyOf(encode(m), 5), m.getInstrumentId()));
            case EMPTY_VALUE -> List.of(bad(kind, Topics.ELECTROCHEM, runId, new byte[0], b.getInstrumentId()));
            case RANDOM_BYTES -> {
                byte[] noise = new byte[200];
                random.nextBytes(noise);
                yield List.of(bad(kind, Topics.FRAMES, runId, noise, emId));
            }
            case JSON_VALUE -> List.of(bad(kind, Topics.TRIGGERS, runId, m.toString().getBytes(StandardCharsets.UTF_8), m.getInstrumentId()));
            case FLIPPED_MARKER_BIT -> List.of(bad(kind, Topics.TRIGGERS, runId, flip(encode(m), 0, 1 << random.nextInt(8)), m.getInstrumentId()));
            case FLIPPED_FINGERPRINT_BIT -> List.of(bad(kind, Topics.FRAMES, runId, flip(encode(f), 2 + random.nextInt(8), 1 << random.nextInt(8)), emId));
            case FLIPPED_BODY_BITS -> List.of(bad(kind, Topics.ELECTROCHEM, runId, flip(encode(b), 10, 0x40), b.getInstrumentId()));
            case TRAILING_BYTES -> List.of(bad(kind, Topics.FRAMES, runId, Arrays.copyOf(encode(f), encode(f).length + 16), emId));
            case WRONG_TYPE_ON_FRAMES -> List.of(bad(kind, Topics.FRAMES, runId, encode(m), m.getInstrumentId()));
            case WRONG_TYPE_ON_TRIGGERS -> List.of(bad(kind, Topics.TRIGGERS, runId, encode(b), b.getInstrumentId()));
            case NULL_KEY -> List.of(bad(kind, Topics.FRAMES, null, encode(f), emId));
            case TOMBSTONE -> List.of(bad(kind, Topics.FRAMES, runId, null, emId));
            case KEY_OF_OTHER_RUN -> List.of(bad(kind, Topics.TRIGGERS, side("elsewhere"), encode(m), m.getInstrumentId()));
            case BODY_OF_OTHER_RUN -> List.of(bad(kind, Topics.TRIGGERS, runId,
                    encode(TriggerMark.newBuilder(m).setRunId(side("elsewhere")).build()), m.getInstrumentId()));
            case NEGATIVE_TIME -> List.of(frame(kind, emFrame().setInstrumentTimeNs(-1).build()));
            case OVERFLOWING_TIME -> List.of(bad(kind, Topics.TRIGGERS, runId,
                    encode(TriggerMark.newBuilder(m).setInstrumentTimeNs(Long.MAX_VALUE).build()), m.getInstrumentId()));
            case ABSURD_EXPOSURE -> List.of(frame(kind, emFrame().setExposureNs(1_000_000_000_000_000L).build()));
            case NEGATIVE_SEQUENCE -> List.of(frame(kind, emFrame().setSequence(-5).build()));
            case NAN_EC_SAMPLE -> {
                List<Double> current = new ArrayList<>(b.getCurrentA());
                current.set(current.size() / 2, Double.NaN);
                yield List.of(bad(kind, Topics.ELECTROCHEM, runId, encode(ElectrochemBlock.newBuilder(b).setCurrentA(current).build()),
                        b.getInstrumentId()));
            }
            case INFINITE_STAGE_POSITION -> List.of(frame(kind, emFrame().setStageXNm(Double.POSITIVE_INFINITY).build()));
            case NAN_PIXEL_SIZE -> List.of(frame(kind, emFrame().setPixelSizeNm(Double.NaN).build()));
            case ZERO_SAMPLE_PERIOD -> List.of(bad(kind, Topics.ELECTROCHEM, runId,
                    encode(ElectrochemBlock.newBuilder(b).setSamplePeriodNs(0).build()), b.getInstrumentId()));
            case DIMENSIONS_OVERFLOW -> List.of(frame(kind, emFrame().setWidth(16384).setHeight(16384).setPixelType(PixelType.F32)
                    .setCompression(Compression.DEFLATE).setPixels(FramePixels.deflate(new byte[1024])).build()));
            case ZERO_DIMENSIONS -> List.of(frame(kind, emFrame().setWidth(0).build()));
            case EMPTY_RUN_ID -> List.of(bad(kind, Topics.TRIGGERS, "", encode(TriggerMark.newBuilder(m).setRunId("").build()),
                    m.getInstrumentId()));
            case EMPTY_INSTRUMENT_ID -> List.of(bad(kind, Topics.FRAMES, runId, encode(emFrame().setInstrumentId("").build()), ""));
            case EC_LENGTH_MISMATCH -> List.of(bad(kind, Topics.ELECTROCHEM, runId, encode(ElectrochemBlock.newBuilder(b)
                    .setCurrentA(b.getCurrentA().subList(1, b.getCurrentA().size())).build()), b.getInstrumentId()));
            case PAYLOAD_SHORTER_THAN_DIMENSIONS -> {
                ByteBuffer px = f.getPixels().duplicate();
                px.limit(px.limit() - f.getWidth() * 2);
                yield List.of(frame(kind, emFrame().setPixels(px.slice()).build()));
            }
            case INVALID_DEFLATE -> List.of(frame(kind, emFrame().setCompression(Compression.DEFLATE).build()));
            case ZIP_BOMB -> List.of(frame(kind, emFrame().setCompression(Compression.DEFLATE)
                    .setPixels(FramePixels.deflate(new byte[64 * 1024 * 1024])).build()));
            case BLANK_FRAME -> List.of(frame(kind, emFrame().setPixels(ByteBuffer.wrap(new byte[f.getPixels().remaining()])).build()));
            case CONSTANT_FRAME -> {
                short[] constant = new short[f.getWidth() * f.getHeight()];
                Arrays.fill(constant, (short) 1234);
                yield List.of(frame(kind, emFrame().setCompression(Compression.DEFLATE)
                        .setPixels(FramePixels.packU16(constant, Compression.DEFLATE)).build()));
            }
            case FRAME_ON_RUNS_TOPIC -> List.of(bad(kind, Topics.RUNS, runId, encode(f), emId));
            case TOMBSTONE_ON_RUNS_TOPIC -> List.of(bad(kind, Topics.RUNS, runId, null, "timing"));
            case RUNSTART_EMPTY_RUN_ID -> List.of(bad(kind, Topics.RUNS, "", encode(runStart("", 100_000_000L)), "timing"));
            case RUNSTART_ZERO_TRIGGER_PERIOD -> List.of(bad(kind, Topics.RUNS, side("zero-period"), encode(runStart(side("zero-period"), 0L)),
                    "timing"));
            case RUNSTART_DUPLICATE_INSTRUMENTS -> {
                RunStart s = runStart(side("twice"), 100_000_000L);
                s.setInstruments(List.of(s.getInstruments().get(0), s.getInstruments().get(0)));
                yield List.of(bad(kind, Topics.RUNS, side("twice"), encode(s), "timing"));
            }
            case DESCRIPTOR_ABSURD_DIMENSIONS -> List.of(bad(kind, Topics.RUNS, side("absurd"), encode(StreamDescriptor.newBuilder()
                    .setRunId(side("absurd")).setInstrumentId("em-1").setModality(Modality.EM).setClockDomain("em-1")
                    .setPixelType(PixelType.U16).setWidth(-1).setHeight(1_000_000_000).setPixelSizeNm(1.0).build()), "em-1"));
            case RUNSTOP_NEGATIVE_COUNT -> List.of(bad(kind, Topics.RUNS, side("negative"), encode(RunStop.newBuilder(stop)
                    .setRunId(side("negative")).setRecordsPublished(Map.of("em-1", -7L)).build()), "timing"));
            case DUPLICATE_FRAME -> List.of(frame(kind, f));
            case DUPLICATE_MARK -> List.of(bad(kind, Topics.TRIGGERS, runId, encode(m), m.getInstrumentId()));
            case DUPLICATE_EC_BLOCK -> List.of(bad(kind, Topics.ELECTROCHEM, runId, encode(b), b.getInstrumentId()));
            case DIMENSIONS_UNLIKE_DESCRIPTOR -> {
                ByteBuffer px = ByteBuffer.allocate(f.getPixels().remaining() * 2);
                px.put(f.getPixels().duplicate()).put(f.getPixels().duplicate()).flip();
                yield List.of(frame(kind, newEmFrame().setWidth(f.getWidth() * 2).setPixels(px).build()));
            }
            case PIXEL_TYPE_UNLIKE_DESCRIPTOR -> List.of(frame(kind, newEmFrame().setPixelType(PixelType.U8).setWidth(f.getWidth() * 2).build()));
            case INSTRUMENT_NOT_IN_RUNSTART -> List.of(frame(kind, emFrame().setInstrumentId("em-9").build()));
            case ORPHAN_RUN -> List.of(
                    bad(kind, Topics.TRIGGERS, side("orphan"), encode(TriggerMark.newBuilder(m).setRunId(side("orphan")).build()), m.getInstrumentId()),
                    bad(kind, Topics.FRAMES, side("orphan"), encode(emFrame().setRunId(side("orphan")).build()), emId));
            case RUNSTOP_BEFORE_RUNSTART -> List.of(
                    bad(kind, Topics.RUNS, side("backwards"), encode(RunStop.newBuilder(stop).setRunId(side("backwards"))
                            .setRecordsPublished(Map.of()).build()), "timing"),
                    new Wire(Topics.RUNS, side("backwards"), encode(runStart(side("backwards"), 100_000_000L)), "timing", kind, false));
            case TIME_FAR_AHEAD -> List.of(frame(kind, newEmFrame().setInstrumentTimeNs(em.get(em.size() - 1).getInstrumentTimeNs()
                    + 3_600_000_000_000L).build()));
            case TIME_FAR_BEHIND -> {
                Frame o = optical.isEmpty() ? f : pick(optical);
                List<Frame> stream = optical.isEmpty() ? em : optical;
                yield List.of(frame(kind, Frame.newBuilder(o).setSequence(stream.get(stream.size() - 1).getSequence() + 1000)
                        .setInstrumentTimeNs(Math.max(0, stream.get(0).getInstrumentTimeNs() - 3_600_000_000_000L)).build()));
            }
            case HIGH_SEQUENCE -> List.of(frame(kind, emFrame().setSequence(1_000_000).build()));
            case RECORD_OF_CLOSED_RUN -> {
                RunStart closed = runStart(side("closed"), 100_000_000L);
                before.add(new Wire(Topics.RUNS, side("closed"), encode(closed), "timing", kind, false));
                before.add(new Wire(Topics.RUNS, side("closed"), encode(StreamDescriptor.newBuilder().setRunId(side("closed"))
                        .setInstrumentId(emId).setModality(Modality.EM).setClockDomain(emId).setPixelType(PixelType.U16)
                        .setWidth(f.getWidth()).setHeight(f.getHeight()).setPixelSizeNm(f.getPixelSizeNm()).build()), emId, kind, false));
                before.add(new Wire(Topics.RUNS, side("closed"), encode(RunStop.newBuilder(stop).setRunId(side("closed"))
                        .setRecordsPublished(Map.of(emId, 0L)).build()), "timing", kind, false));
                yield List.of(bad(kind, Topics.FRAMES, side("closed"), encode(emFrame().setRunId(side("closed")).build()), emId));
            }
        };
    }

    /** The id of a run of its own for a kind's records: the valid run's id and a suffix, so concurrent hostile runs do not share it. */
    private String side(String suffix) {
        return runId + "~" + suffix;
    }

    /** A RunStart of a run of its own, listing the valid run's EM instrument. */
    private RunStart runStart(String id, long periodNs) {
        InstrumentInfo em1 = InstrumentInfo.newBuilder().setInstrumentId(em.get(0).getInstrumentId()).setModality(Modality.EM)
                .setClockDomain(em.get(0).getInstrumentId()).setPixelSizeNm(em.get(0).getPixelSizeNm()).build();
        return RunStart.newBuilder().setRunId(id).setInstrumentId("timing").setStartMasterTimeNs(1_000L).setWallClockEpochNs(1_000L)
                .setSpecimen("hostile").setOperator("fuzz").setSimulated(true).setInstruments(new ArrayList<>(List.of(em1)))
                .setTriggerPeriodNs(periodNs).build();
    }

    private static byte[] flip(byte[] bytes, int index, int mask) {
        byte[] out = bytes.clone();
        out[index] ^= (byte) mask;
        return out;
    }
}
