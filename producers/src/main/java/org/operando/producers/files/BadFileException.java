package org.operando.producers.files;

import java.nio.file.Path;

/**
 * A file that cannot be ingested: truncated, an inconsistent header, an unknown or unsupported format. The message is
 * one line that names the file and says what is wrong with it and what was expected.
 */
public final class BadFileException extends RuntimeException {
    private final transient Path file;

    public BadFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public BadFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file the problem is in. */
    public Path file() {
        return file;
    }
}
