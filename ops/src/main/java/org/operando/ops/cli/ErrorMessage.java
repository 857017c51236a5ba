package org.operando.ops.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line that says what went wrong, from an exception's cause chain: each cause's message in words, outermost first,
 * a message already contained in the one before it left out. Exceptions whose message is null or only a path
 * (timeouts, file errors) are named in words instead of printing "null".
 */
public final class ErrorMessage {
    private ErrorMessage() {
    }

    public static String of(Throwable error) {
        List<String> parts = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            String part = describe(t);
            if (part == null) {
                continue;
            }
            String previous = parts.isEmpty() ? "" : parts.get(parts.size() - 1);
            if (!previous.contains(part)) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            return "unexpected " + error.getClass().getSimpleName() + " (no message)";
        }
        String line = String.join(": ", parts).replaceAll("\\s*\\R\\s*", " ");
        // a Kafka client timing out says what it waited for, not why: the usual reason is a cluster out of reach
        if (causedBy(error, org.apache.kafka.common.errors.TimeoutException.class) && !line.contains("--bootstrap-servers")) {
            line += " (is the Kafka cluster reachable? check --bootstrap-servers and --kafka-config)";
        }
        return line;
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The exception in words, or null when it adds nothing (a wrapper without a message of its own). */
    private static String describe(Throwable t) {
        String m = t.getMessage();
        if (t instanceof NoSuchFileException) {
            return "no such file or directory: " + m;
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied: " + m;
        }
        if (t instanceof FileAlreadyExistsException) {
            return "already exists: " + m;
        }
        if (t instanceof NotDirectoryException) {
            return "not a directory: " + m;
        }
        if (t instanceof java.net.UnknownHostException) {
            return "unknown host " + m;
        }
        if (t instanceof java.util.concurrent.TimeoutException && m == null) {
            return "timed out";
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + m + "; raise -Xmx through JAVA_OPTS)";
        }
        if (m == null || m.isBlank()) {
            boolean wrapper = t instanceof java.util.concurrent.ExecutionException || t instanceof java.util.concurrent.CompletionException
                    || t instanceof java.lang.reflect.InvocationTargetException || t.getClass() == RuntimeException.class;
            return wrapper && t.getCause() != null ? null : words(t.getClass().getSimpleName());
        }
        // a wrapper whose message is its cause's toString() ("java.io.IOException: x") adds nothing of its own
        if (t.getCause() != null && m.equals(t.getCause().toString())) {
            return null;
        }
        return m;
    }

    /** "NullPointerException" → "null pointer exception". */
    private static String words(String className) {
        return className.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
