package org.operando.ops.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.operando.ops.dashboard.access.PasswordFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Adds a user to the dashboard's password file (or changes its password): the password is read from the terminal
 * without echo, twice, or from the first line of standard input when that is not a terminal.
 */
@Command(name = "http-password", mixinStandardHelpOptions = true,
        description = {"Add or replace a user in a password file for --http-auth basic (salted PBKDF2-SHA256, docs/security.md).",
                "The password is asked twice on the terminal, or read from the first line of standard input."})
public final class HttpPasswordCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Password file; created (owner-only) when missing.")
    Path file;

    @Parameters(index = "1", paramLabel = "USER", description = "User name: letters, digits, . _ @ -")
    String user;

    @Option(names = "--iterations", defaultValue = "" + PasswordFile.DEFAULT_ITERATIONS, paramLabel = "N",
            converter = CountConverter.AtLeastOne.class, description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Override
    public Integer call() throws Exception {
        char[] password = readPassword();
        try {
            boolean replaced = PasswordFile.put(file, user, password, iterations);
            System.out.println((replaced ? "changed the password of " : "added ") + user + " in " + file);
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] readPassword() throws java.io.IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("password for %s: ", user);
            char[] again = console.readPassword("again: ");
            if (first == null || !Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ; nothing written");
            }
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            throw new IllegalArgumentException("no password on standard input; nothing written");
        }
        return line.toCharArray();
    }
}
