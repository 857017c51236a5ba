package org.operando.producers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.operando.producers.Acquired;
import org.operando.producers.files.BadFileException;
import org.operando.schema.ElectrochemBlock;
import org.operando.schema.Frame;
import org.operando.schema.Modality;
import org.operando.schema.PixelType;
import org.operando.schema.Rejected;
import org.operando.schema.RunStart;
import org.operando.schema.RunStop;
import org.operando.schema.StreamDescriptor;
import org.operando.schema.TriggerMark;
import org.operando.schemas.Topics;

/** A manifest's files become one run: announcements, data in master-time order, counts; bad files stop it cleanly. */
class FileRunSourceTest {
    private static final String PYTHON = "/usr/bin/python3";
    @TempDir
    Path tmp;

    @Test
    void shouldPublishAnUnsynchronizedRunFromMrcOmeTiffAndCsvWithDeclaredOffsets() throws Exception {
        python("""
                import sys, numpy as np, mrcfile, tifffile
                d = sys.argv[1]
                with mrcfile.new(d + '/em.mrcs', overwrite=True) as m:
                    m.set_data((np.arange(3 * 8 * 6).reshape(3, 8, 6) % 50).astype(np.uint16))
                    m.voxel_size = 5.0
                tifffile.imwrite(d + '/opt.ome.tif', np.ones((2, 4, 5), np.uint16), photometric='minisblack', ome=True,
                                 metadata={'axes': 'TYX', 'PhysicalSizeX': 0.1, 'Plane': {'DeltaT': [0.2, 0.7], 'ExposureTime': [0.05, 0.05]}})
                """, tmp);
        Files.writeString(tmp.resolve("cv.csv"), "time/s,E/V,I/A\n0,0.1,1e-6\n0.25,0.2,2e-6\n0.5,0.3,3e-6\n");
        Path manifest = Files.writeString(tmp.resolve("run-a.yaml"), """
                specimen: Pt on carbon
                operator: tester
                parameters: {electrolyte: 0.1 M H2SO4}
                instruments:
                  - id: em-1
                    modality: EM
                    path: em.mrcs
                    timing: {framePeriodS: 0.5, exposureS: 0.4}
                  - id: opt-1
                    modality: OPTICAL
                    path: opt.ome.tif
                    timing: {offsetS: 0.01}
                  - id: pstat-1
                    modality: ELECTROCHEM
                    path: cv.csv
                    technique: CV
                    scanRateVPerS: 0.4
                """);
        FileRunSource source = FileRunSource.open(manifest, FileRunSource.Follow.off(), System::nanoTime, () -> 42L, s -> { });
        List<Acquired> pre = source.preamble();
        RunStart start = (RunStart) pre.get(0).record();
        assertThat(start.getRunId()).isEqualTo("run-a");
        assertThat(start.getTriggerPeriodNs()).isNull();
        assertThat(start.getSimulated()).isFalse();
        assertThat(start.getWallClockEpochNs()).isEqualTo(42L);
        assertThat(start.getParameters()).containsEntry("timing", "unsynchronized").containsEntry("clockOffsetNs.opt-1", "10000000")
                .containsEntry("clockOffsetNs.em-1", "0").containsEntry("electrolyte", "0.1 M H2SO4");
        assertThat(start.getInstruments()).extracting(i -> i.getInstrumentId()).containsExactly("em-1", "opt-1", "pstat-1");
        StreamDescriptor em = (StreamDescriptor) pre.get(1).record();
        assertThat(em.getWidth()).isEqualTo(6);
        assertThat(em.getHeight()).isEqualTo(8);
        assertThat(em.getPixelType()).isEqualTo(PixelType.U16);
        assertThat(em.getPixelSizeNm()).isEqualTo(0.5);
        assertThat(((StreamDescriptor) pre.get(2).record()).getPixelSizeNm()).isEqualTo(100.0);
        assertThat(((StreamDescriptor) pre.get(3).record()).getSampleRateHz()).isEqualTo(4.0);

        List<Acquired> data = drain(source);
        assertThat(data).extracting(Acquired::masterTimeNs).isSorted();
        List<Frame> emFrames = data.stream().filter(a -> a.instrumentId().equals("em-1")).map(a -> (Frame) a.record()).toList();
        assertThat(emFrames).extracting(Frame::getSequence).containsExactly(0L, 1L, 2L);
        assertThat(emFrames).extracting(Frame::getInstrumentTimeNs).containsExactly(0L, 500_000_000L, 1_000_000_000L);
        assertThat(emFrames.get(1).getExposureNs()).isEqualTo(400_000_000L);
        assertThat(emFrames.get(2).getPixels().remaining()).isEqualTo(6 * 8 * 2);
        List<Acquired> optical = data.stream().filter(a -> a.instrumentId().equals("opt-1")).toList();
        assertThat(optical).extracting(a -> ((Frame) a.record()).getInstrumentTimeNs()).containsExactly(200_000_000L, 700_000_000L);
        assertThat(optical).extracting(Acquired::masterTimeNs).containsExactly(210_000_000L, 710_000_000L);
        assertThat(((Frame) optical.get(0).record()).getExposureNs()).isEqualTo(50_000_000L);
        ElectrochemBlock block = (ElectrochemBlock) data.stream().filter(a -> a.topic().equals(Topics.ELECTROCHEM)).findFirst().orElseThrow().record();
        assertThat(block.getSamplePeriodNs()).isEqualTo(250_000_000L);
        assertThat(block.getPotentialV()).containsExactly(0.1, 0.2, 0.3);
        assertThat(block.getScanRateVPerS()).isEqualTo(0.4);

        RunStop stop = (RunStop) source.epilogue(Map.of("em-1", 3L, "opt-1", 2L, "pstat-1", 1L)).get(0).record();
        assertThat(stop.getReason()).isEqualTo("completed");
        assertThat(stop.getRecordsPublished()).containsEntry("em-1", 3L);
        assertThat(stop.getStopMasterTimeNs()).isEqualTo(1_000_000_000L);
        source.close();
    }

    @Test
    void shouldPublishTriggerMarksOfTheGeneratorAndEachInstrument() throws Exception {
        python("""
                import sys, numpy as np, mrcfile
                with mrcfile.new(sys.argv[1] + '/em.mrc', overwrite=True) as m:
                    m.set_data(np.zeros((2, 4, 4), np.float32))
                    m.voxel_size = 10.0
                """, tmp);
        Files.writeString(tmp.resolve("master.txt"), "# generator edges, s\n0.0\n0.1\n0.2\n");
        Files.writeString(tmp.resolve("em-edges.txt"), "5.00002\n5.10002\n5.20002\n");
        Path manifest = Files.writeString(tmp.resolve("m.json"), """
                {"runId": "trig", "triggers": {"periodS": 0.1, "masterLog": "master.txt"},
                 "instruments": [{"id": "em-1", "modality": "EM", "path": "em.mrc",
                                  "timing": {"framePeriodS": 0.1, "startS": 5.0, "triggerLog": "em-edges.txt"}}]}
                """);
        FileRunSource source = FileRunSource.open(manifest, FileRunSource.Follow.off(), System::nanoTime, () -> 0L, s -> { });
        RunStart start = (RunStart) source.preamble().get(0).record();
        assertThat(start.getTriggerPeriodNs()).isEqualTo(100_000_000L);
        assertThat(start.getParameters()).containsEntry("timing", "triggered").doesNotContainKey("clockOffsetNs.em-1");
        assertThat(start.getInstruments()).extracting(i -> i.getInstrumentId() + ":" + i.getModality() + ":" + i.getTriggerLines())
                .containsExactly("timing:TIMING:[ttl0]", "em-1:EM:[ttl0]");
        List<Acquired> data = drain(source);
        assertThat(data.stream().filter(a -> a.instrumentId().equals("em-1") && a.topic().equals(Topics.TRIGGERS))
                .map(a -> ((TriggerMark) a.record()).getInstrumentTimeNs())).containsExactly(5_000_020_000L, 5_100_020_000L, 5_200_020_000L);
        assertThat(data.stream().filter(a -> a.modality() == Modality.TIMING).count()).isEqualTo(3);
        assertThat(data.stream().filter(a -> a.topic().equals(Topics.FRAMES)).map(a -> ((Frame) a.record()).getInstrumentTimeNs()))
                .containsExactly(5_000_000_000L, 5_100_000_000L);
    }

    @Test
    void shouldRefuseBadFilesBeforePublishingAnything() throws Exception {
        Files.write(tmp.resolve("em.mrc"), new byte[300]);
        Path truncated = Files.writeString(tmp.resolve("m.yaml"), "instruments:\n  - {id: em-1, modality: EM, path: em.mrc, pixelSizeNm: 1, timing: {framePeriodS: 1}}\n");
        assertThatThrownBy(() -> FileRunSource.open(truncated, FileRunSource.Follow.off(), System::nanoTime, () -> 0L, s -> { }))
                .isInstanceOf(BadFileException.class).hasMessage(tmp.resolve("em.mrc") + ": too short for an MRC file: 300 bytes, the header alone is 1024");
        Path typo = Files.writeString(tmp.resolve("typo.yaml"), "instruments:\n  - {id: em-1, modality: EM, path: em.mrc, pixlSizeNm: 1}\n");
        assertThatThrownBy(() -> FileRunSource.open(typo, FileRunSource.Follow.off(), System::nanoTime, () -> 0L, s -> { }))
                .hasMessageStartingWith(typo + ": line 2: unknown setting 'pixlSizeNm'");
        Path missing = Files.writeString(tmp.resolve("missing.yaml"), "instruments:\n  - {id: em-1, modality: EM, path: nowhere}\n");
        assertThatThrownBy(() -> FileRunSource.open(missing, FileRunSource.Follow.off(), System::nanoTime, () -> 0L, s -> { }))
                .hasMessage(tmp.resolve("nowhere") + ": does not exist");
        python("""
                import sys, numpy as np, tifffile
                tifffile.imwrite(sys.argv[1] + '/plain.tif', np.zeros((2, 4, 4), np.uint16), photometric='minisblack')
                """, tmp);
        Path noSize = Files.writeString(tmp.resolve("nosize.yaml"), "instruments:\n  - {id: opt-1, modality: OPTICAL, path: plain.tif, timing: {framePeriodS: 1}}\n");
        assertThatThrownBy(() -> FileRunSource.open(noSize, FileRunSource.Follow.off(), System::nanoTime, () -> 0L, s -> { }))
                .hasMessage(tmp.resolve("plain.tif") + ": states no pixel size; give pixelSizeNm for opt-1 in the manifest");
        Path noTimes = Files.writeString(tmp.resolve("notimes.yaml"), "instruments:\n  - {id: opt-1, modality: OPTICAL, path: plain.tif, pixelSizeNm: 100}\n");
        assertThatThrownBy(() -> FileRunSource.open(noTimes, FileRunSource.Follow.off(), System::nanoTime, () -> 0L, s -> { }))
                .hasMessageContaining("plane 0 states no time (no OME DeltaT, no ImageJ finterval); give timing.framePeriodS for opt-1");
    }

    @Test
    void shouldEndAFollowedRunWithADeadLetterWhenAFileTurnsOutBad() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("em"));
        python("""
                import sys, numpy as np, mrcfile
                with mrcfile.new(sys.argv[1] + '/em/a001.mrc', overwrite=True) as m:
                    m.set_data(np.zeros((1, 4, 4), np.uint16))
                """, tmp);
        Path manifest = Files.writeString(tmp.resolve("f.yaml"), "instruments:\n  - {id: em-1, modality: EM, path: em, pixelSizeNm: 2, timing: {framePeriodS: 0.5}}\n");
        long[] now = {0};
        // every look at the clock moves it on 0.1 s: the bad file's settle time (3 s) passes long before the idle stop (60 s)
        FileRunSource source = FileRunSource.open(manifest, new FileRunSource.Follow(true, Duration.ofMillis(1), Duration.ofSeconds(60),
                new AtomicBoolean()), () -> now[0] += 100_000_000L, () -> 0L, s -> { });
        assertThat(source.preamble()).hasSize(2);
        assertThat(source.next().orElseThrow().record()).isInstanceOf(Frame.class);
        Files.write(folder.resolve("a002.mrc"), new byte[2000]); // a header of zeros: never a valid MRC
        List<Acquired> rest = new ArrayList<>();
        source.next().ifPresent(rest::add);
        Rejected dead = (Rejected) rest.get(0).record();
        assertThat(rest.get(0).topic()).isEqualTo(Topics.DEAD_LETTERS);
        assertThat(dead.getStage()).isEqualTo("ingest");
        assertThat(dead.getSourceTopic()).isEqualTo("file:" + folder.resolve("a002.mrc"));
        assertThat(dead.getReason()).contains("MRC header has NX=0");
        assertThat(source.next()).isEmpty();
        assertThat(source.failure()).isPresent();
        RunStop runStop = (RunStop) source.epilogue(Map.of("em-1", 1L)).get(0).record();
        assertThat(runStop.getReason()).startsWith("aborted: " + folder.resolve("a002.mrc") + ": MRC header has NX=0");
    }

    @Test
    void shouldPublishTheSectionsOfAGrowingStackAsTheyAreWrittenAndStopOnTheFlag() throws Exception {
        python("""
                import sys, numpy as np, mrcfile
                with mrcfile.new(sys.argv[1] + '/whole.mrc', overwrite=True) as m:
                    m.set_data(np.arange(3 * 4 * 4, dtype=np.uint16).reshape(3, 4, 4))
                    m.voxel_size = 20.0
                """, tmp);
        byte[] whole = Files.readAllBytes(tmp.resolve("whole.mrc"));
        int section = 4 * 4 * 2;
        Path growing = tmp.resolve("growing.mrc");
        Files.write(growing, java.util.Arrays.copyOf(whole, 1024 + section + 7)); // the header says 3; one section and a bit written
        Path manifest = Files.writeString(tmp.resolve("g.yaml"), "instruments:\n  - {id: em-1, modality: EM, path: growing.mrc, timing: {framePeriodS: 1}}\n");
        AtomicBoolean stop = new AtomicBoolean();
        FileRunSource source = FileRunSource.open(manifest, new FileRunSource.Follow(true, Duration.ofMillis(5), null, stop),
                System::nanoTime, () -> 0L, s -> { });
        assertThat(((StreamDescriptor) source.preamble().get(1).record()).getPixelSizeNm()).isEqualTo(2.0);
        assertThat(((Frame) source.next().orElseThrow().record()).getSequence()).isZero();
        Files.write(growing, java.util.Arrays.copyOf(whole, 1024 + 2 * section));
        Frame second = (Frame) source.next().orElseThrow().record();
        assertThat(second.getSequence()).isEqualTo(1);
        assertThat(second.getInstrumentTimeNs()).isEqualTo(1_000_000_000L);
        assertThat(second.getPixels().get(0)).as("first pixel of section 1 (value 16, little-endian)").isEqualTo((byte) 16);
        Files.write(growing, whole);
        assertThat(((Frame) source.next().orElseThrow().record()).getSequence()).isEqualTo(2);
        stop.set(true);
        assertThat(source.next()).isEmpty();
        assertThat(((RunStop) source.epilogue(Map.of("em-1", 3L)).get(0).record()).getReason()).isEqualTo("completed");
        source.close();
    }

    private static List<Acquired> drain(FileRunSource source) {
        List<Acquired> out = new ArrayList<>();
        for (Optional<Acquired> a = source.next(); a.isPresent(); a = source.next()) {
            out.add(a.get());
        }
        return out;
    }

    static void python(String script, Path dir) throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", script, dir.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as("python3 (needs python3-tifffile, python3-mrcfile): " + out).isZero();
    }
}
