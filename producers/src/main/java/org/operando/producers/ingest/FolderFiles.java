package org.operando.producers.ingest;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.operando.producers.files.BadFileException;

/**
 * The files of one instrument: the manifest's path itself, or the files of that folder that match the pattern (a
 * glob on the file name, or the modality's file types), in name order. Followed, the folder is listed again on each
 * {@link #rescan} and files that have appeared since are added after the known ones, in name order among themselves:
 * acquisition software numbers its files, so name order is acquisition order.
 */
final class FolderFiles {
    private final Path root;
    private final Predicate<Path> wanted;
    private final boolean folder;
    private final List<Path> files = new ArrayList<>();
    private final Set<Path> known = new HashSet<>();

    FolderFiles(Path root, String pattern, Predicate<Path> usualNames, boolean follow) {
        this.root = root.normalize();
        if (!Files.exists(this.root) && !follow) {
            throw new BadFileException(this.root, "does not exist");
        }
        this.folder = Files.isDirectory(this.root);
        if (pattern != null) {
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            this.wanted = p -> glob.matches(p.getFileName());
        } else {
            this.wanted = usualNames;
        }
        rescan();
    }

    Path root() {
        return root;
    }

    /** The files known so far, in the order they are read. */
    List<Path> all() {
        return files;
    }

    /** Adds files that have appeared in the folder since the last look; returns how many. */
    int rescan() {
        if (!folder) {
            if (files.isEmpty() && Files.isRegularFile(root)) {
                files.add(root);
                known.add(root);
                return 1;
            }
            return 0;
        }
        List<Path> found;
        try (Stream<Path> listing = Files.list(root)) {
            found = listing.filter(Files::isRegularFile).filter(wanted).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !known.contains(p)).sorted().toList();
        } catch (IOException e) {
            throw new BadFileException(root, "cannot list the folder: " + e.getMessage(), e);
        }
        files.addAll(found);
        known.addAll(found);
        return found.size();
    }
}
