package org.operando.ops.dashboard.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The users of HTTP basic auth and their salted password hashes, one line per user:
 *
 * <pre>  USER:pbkdf2-sha256:ITERATIONS:SALT:HASH</pre>
 *
 * where SALT (16 bytes) and HASH (32 bytes) are base64 and HASH = PBKDF2-HMAC-SHA256(password, SALT, ITERATIONS).
 * Blank lines and lines starting with {@code #} are ignored; a user name is letters, digits and {@code . _ @ -}.
 * {@code operando http-password FILE USER} adds or replaces a line.
 */
public final class PasswordFile {
    public static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; a verified credential is cached, so this is paid once per login. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private record Entry(int iterations, byte[] salt, byte[] hash) {
    }

    private final Path source;
    private final Map<String, Entry> users;
    /** Hashed against when the user is unknown, so an unknown user costs as long as a wrong password. */
    private final Entry decoy;

    private PasswordFile(Path source, Map<String, Entry> users) {
        this.source = source;
        this.users = users;
        int iterations = users.values().stream().mapToInt(Entry::iterations).max().orElse(DEFAULT_ITERATIONS);
        this.decoy = new Entry(iterations, new byte[SALT_BYTES], new byte[HASH_BYTES]);
    }

    /** Reads and checks the whole file; a malformed line is refused with its number. */
    public static PasswordFile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("password file " + file + " does not exist (create it with 'operando http-password "
                    + file + " USER')");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read password file " + file + ": " + e.getMessage());
        }
        Map<String, Entry> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":", -1);
            try {
                if (f.length != 5 || !USER.matcher(f[0]).matches() || !SCHEME.equals(f[1])) {
                    throw new IllegalArgumentException("bad field");
                }
                Entry e = new Entry(Integer.parseInt(f[2]), Base64.getDecoder().decode(f[3]), Base64.getDecoder().decode(f[4]));
                if (e.iterations() < 1 || e.salt().length == 0 || e.hash().length != HASH_BYTES) {
                    throw new IllegalArgumentException("bad value");
                }
                users.put(f[0], e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("password file " + file + ", line " + (i + 1) + ": expected USER:" + SCHEME
                        + ":ITERATIONS:SALT:HASH (see docs/security.md)");
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("password file " + file + " names no users (add one with 'operando http-password "
                    + file + " USER')");
        }
        return new PasswordFile(file, users);
    }

    public Path source() {
        return source;
    }

    public int size() {
        return users.size();
    }

    /** True when {@code user} is listed and {@code password} hashes to its entry; compared in constant time. */
    public boolean verify(String user, char[] password) {
        if (password.length == 0) {
            return false;
        }
        Entry e = users.get(user);
        Entry against = e == null ? decoy : e;
        boolean same = MessageDigest.isEqual(hash(password, against.salt(), against.iterations()), against.hash());
        return e != null && same;
    }

    /** One line of the file for {@code user}, with a fresh random salt. */
    public static String entry(String user, char[] password, int iterations, SecureRandom random) {
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user name must be 1-64 letters, digits or . _ @ -. Got '" + user + "'");
        }
        if (password.length == 0) {
            throw new IllegalArgumentException("password may not be empty");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return user + ":" + SCHEME + ":" + iterations + ":" + b64.encodeToString(salt) + ":"
                + b64.encodeToString(hash(password, salt, iterations));
    }

    /**
     * Adds {@code user} to {@code file} or replaces its line, keeping the other lines; the file is written whole
     * (through a temporary file) and readable by its owner only.
     *
     * @return true when the user was already listed
     */
    public static boolean put(Path file, String user, char[] password, int iterations) throws IOException {
        String line = entry(user, password, iterations, new SecureRandom());
        List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : new ArrayList<>();
        boolean replaced = lines.removeIf(l -> l.strip().startsWith(user + ":"));
        lines.add(line);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".operando-passwords-", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's permissions apply
            }
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return replaced;
    }

    static byte[] hash(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
