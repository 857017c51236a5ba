package org.operando.ops.export;

import java.nio.file.Path;
import java.util.Collection;
import java.util.function.Consumer;
import org.operando.ops.recording.RecordedRecord;
import org.operando.ops.recording.RecordingIndex;
import org.operando.ops.recording.RunArchive;

/**
 * Reads a run from a recording ({@code operando record}): the archive holds only the run's records, in capture order,
 * which keeps each partition's offset order. A recording made without {@code --include-results} has no clock models,
 * drift or registrations; the export then says so in its metadata.
 */
public final class RecordingRunSource implements RunSource {
    private final Path dir;
    private final RecordingIndex index;
    private final RunArchive archive;

    public RecordingRunSource(Path dir) {
        this.dir = dir;
        this.index = RecordingIndex.read(dir);
        this.archive = RunArchive.open(dir);
    }

    @Override
    public String runId() {
        return index.runId();
    }

    /** Whether the recording holds the processors' results too. */
    public boolean includesResults() {
        return index.includesResults();
    }

    @Override
    public String describe() {
        return "recording " + dir;
    }

    @Override
    public void scan(Collection<String> topics, Consumer<RecordedRecord> sink) {
        try (RunArchive.Reader reader = archive.reader()) {
            for (RecordedRecord r = reader.next(); r != null; r = reader.next()) {
                if (topics.contains(r.topic())) {
                    sink.accept(r);
                }
            }
        }
    }

    @Override
    public void close() {
        archive.close();
    }
}
