package org.operando.ops.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.operando.ops.recording.RecordedRecord;
import org.operando.schema.DriftEstimate;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.Registration;
import org.operando.schema.StreamDescriptor;
import org.operando.schemas.FramePixels;
import org.operando.schemas.Validation;

/**
 * The frame pass of an export: routes each frame to its instrument's image, and pairs EM frames with the optical
 * frames registered to them (resampled into channels 1.. with the pair's last registration and both frames' drift).
 * The stack is raw: frames are written as acquired, and the drift tables say how to correct them.
 */
final class FrameExport implements AutoCloseable {
    private final RunMetadata meta;
    private final RunWriter writer;
    private final Zlib zlib;
    private final ExportProgress progress;
    private final Map<String, List<Registration>> registrations;
    private final OverlayPairing pairing;
    private final Map<String, ImageStack> stacks = new LinkedHashMap<>();
    private final Map<String, ClockMap> clocks = new TreeMap<>();
    private final Map<String, List<OpticalResampler>> resamplers = new TreeMap<>();
    private final Map<String, byte[]> emptyPlanes = new TreeMap<>();
    private final Map<String, Long> skipped = new TreeMap<>();
    private final ChunkEncoder encoder;

    FrameExport(RunMetadata meta, RunWriter writer, Zlib zlib, int hold, int threads, ExportProgress progress) {
        this.encoder = new ChunkEncoder(threads, zlib.level());
        this.meta = meta;
        this.writer = writer;
        this.zlib = zlib;
        this.progress = progress;
        this.registrations = RunExporter.registrationsPerEm(meta);
        Map<String, List<String>> opticalPerEm = new LinkedHashMap<>();
        registrations.forEach((em, list) -> opticalPerEm.put(em, list.stream().map(Registration::getOpticalInstrumentId).toList()));
        this.pairing = new OverlayPairing(opticalPerEm, hold);
    }

    void add(RecordedRecord r) {
        Frame f = RunExporter.frame(r);
        if (f == null) {
            skip("undecodable or invalid");
            return;
        }
        String id = f.getInstrumentId();
        Modality modality = meta.modality(id);
        if (modality != Modality.EM && modality != Modality.OPTICAL) {
            skip("frame of an instrument not announced as EM or OPTICAL");
            return;
        }
        ImageStack stack = stacks.computeIfAbsent(id, k -> newStack(f, modality));
        if (f.getWidth() != stack.width() || f.getHeight() != stack.height()) {
            skip("frame size differs from the instrument's first frame");
            return;
        }
        double midS = clock(id).secondsSinceStart(f.getInstrumentTimeNs() + f.getExposureNs() / 2);
        OverlayPairing.Timed timed = new OverlayPairing.Timed(f, midS);
        if (modality == Modality.OPTICAL) {
            submit(stack, f, z -> List.of(Pixels.zlibChunk(f, stack.type(), z)), new long[0]);
            if (pairing.isPairedOptical(id)) {
                pairing.offerOptical(timed, this::writePaired);
            }
        } else if (pairing.pairs(id)) {
            pairing.offerEm(timed, this::writePaired);
        } else {
            submit(stack, f, z -> List.of(Pixels.zlibChunk(f, stack.type(), z)), new long[0]);
        }
    }

    void finish() {
        pairing.finish(this::writePaired);
        encoder.drain();
    }

    @Override
    public void close() {
        encoder.close();
    }

    List<ImageStack> stacks() {
        return List.copyOf(stacks.values());
    }

    /** Frames skipped, by reason. */
    Map<String, Long> skipped() {
        return skipped;
    }

    private void skip(String reason) {
        skipped.merge(reason, 1L, Long::sum);
        progress.skipped();
    }

    private ClockMap clock(String id) {
        return clocks.computeIfAbsent(id, meta::clock);
    }

    private ImageStack newStack(Frame first, Modality modality) {
        String id = first.getInstrumentId();
        List<Registration> regs = modality == Modality.EM ? registrations.getOrDefault(id, List.of()) : List.of();
        PixelType type = first.getPixelType();
        List<String> channels = new ArrayList<>(List.of(id));
        List<String> optical = new ArrayList<>();
        Map<String, Long> used = new LinkedHashMap<>();
        List<OpticalResampler> maps = new ArrayList<>();
        for (Registration g : regs) {
            StreamDescriptor d = meta.descriptors().get(g.getOpticalInstrumentId());
            type = Pixels.common(type, d == null || d.getPixelType() == null ? PixelType.F32 : d.getPixelType());
            channels.add(g.getOpticalInstrumentId() + " registered");
            optical.add(g.getOpticalInstrumentId());
            used.put(g.getOpticalInstrumentId(), g.getEmSequence());
            maps.add(new OpticalResampler(g.getAffine()));
        }
        resamplers.put(id, maps);
        StreamDescriptor own = meta.descriptors().get(id);
        double interval = own != null && own.getFramesPerS() != null && own.getFramesPerS() > 0 ? 1 / own.getFramesPerS() : 1;
        ImageStack stack = new ImageStack(id, modality, first.getWidth(), first.getHeight(), first.getPixelType(), type,
                first.getPixelSizeNm(), interval, channels, optical, used, new TreeMap<>());
        writer.image(stack);
        return stack;
    }

    private void writePaired(OverlayPairing.Paired p) {
        Frame em = p.em().frame();
        ImageStack stack = stacks.get(em.getInstrumentId());
        List<OpticalResampler> maps = resamplers.get(em.getInstrumentId());
        DriftEstimate emDrift = meta.drift(em.getInstrumentId(), em.getSequence());
        double emDx = emDrift == null ? 0 : emDrift.getDxPx();
        double emDy = emDrift == null ? 0 : emDrift.getDyPx();
        long[] paired = new long[maps.size()];
        double[][] opticalDrift = new double[maps.size()][];
        for (int c = 0; c < maps.size(); c++) {
            OverlayPairing.Timed o = p.optical().get(c);
            paired[c] = o == null ? -1 : o.frame().getSequence();
            DriftEstimate d = o == null ? null : meta.drift(o.frame().getInstrumentId(), o.frame().getSequence());
            opticalDrift[c] = d == null ? new double[2] : new double[] {d.getDxPx(), d.getDyPx()};
        }
        byte[] empty = emptyPlane(stack);
        submit(stack, em, z -> {
            List<byte[]> channels = new ArrayList<>(1 + maps.size());
            channels.add(Pixels.zlibChunk(em, stack.type(), z));
            for (int c = 0; c < maps.size(); c++) {
                OverlayPairing.Timed o = p.optical().get(c);
                if (o == null) {
                    channels.add(empty);
                    continue;
                }
                Frame opt = o.frame();
                float[] out = new float[stack.width() * stack.height()];
                maps.get(c).resample(FramePixels.toFloats(opt), opt.getWidth(), opt.getHeight(), opticalDrift[c][0], opticalDrift[c][1],
                        stack.width(), stack.height(), emDx, emDy, 0f, out);
                channels.add(z.compress(Pixels.encode(out, stack.type())));
            }
            return channels;
        }, paired);
    }

    /** Notes the frame's row now; encodes its planes on the encoder's threads and writes them in submission order. */
    private void submit(ImageStack stack, Frame f, java.util.function.Function<Zlib, List<byte[]>> encode, long[] paired) {
        ClockMap clock = clock(f.getInstrumentId());
        stack.rows().put(f.getSequence(), new ImageStack.Row(f.getSequence(), clock.masterNs(f.getInstrumentTimeNs()),
                clock.secondsSinceStart(f.getInstrumentTimeNs()), f.getExposureNs() / 1e9, f.getStageXNm(), f.getStageYNm(),
                f.getPumpDelayFs(), f.getPumpOn(), paired));
        encoder.submit(encode, channels -> {
            writer.frame(stack, f.getSequence(), channels);
            progress.wrote(writer.bytesWritten());
        });
    }

    private byte[] emptyPlane(ImageStack stack) {
        return emptyPlanes.computeIfAbsent(stack.instrumentId(),
                k -> zlib.compress(new byte[stack.width() * stack.height() * Validation.bytesPerPixel(stack.type())]));
    }
}
