package org.operando.ops.dashboard.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who may use the dashboard and {@code /metrics}, and whether it speaks HTTPS.
 *
 * <ul>
 *   <li>{@link Auth#TOKEN}: a bearer token, sent as {@code Authorization: Bearer TOKEN} (Prometheus, scripts), or once as
 *   {@code /?token=TOKEN} by a browser, which then holds an HttpOnly, SameSite=Strict session cookie.</li>
 *   <li>{@link Auth#BASIC}: HTTP basic auth against a {@link PasswordFile}.</li>
 *   <li>{@link Auth#NONE}: anyone who reaches the port; the default on a loopback address only.</li>
 * </ul>
 *
 * @param token     the bearer token (TOKEN only)
 * @param passwords the users (BASIC only)
 * @param tls       the server's key for HTTPS, or null for plain HTTP
 */
public record HttpSecurity(Auth auth, Token token, PasswordFile passwords, Tls tls) {
    public enum Auth { NONE, TOKEN, BASIC }

    /**
     * A bearer token: 16 or more characters of {@code A-Z a-z 0-9 . _ ~ + / = -} (safe in a header, a cookie and,
     * URL-encoded, a query).
     *
     * @param source    where it came from, for the start-up line ("generated", "file F", "environment variable V")
     * @param generated true when made at start-up (then it is printed, since nobody else knows it)
     */
    public record Token(String value, String source, boolean generated) {
        private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._~+/=-]+");
        public static final int MIN_LENGTH = 16;

        public Token {
            if (value == null || value.length() < MIN_LENGTH || !ALLOWED.matcher(value).matches()) {
                throw new IllegalArgumentException("token from " + source + " must be at least " + MIN_LENGTH
                        + " characters of A-Z a-z 0-9 . _ ~ + / = - (e.g. 'openssl rand -hex 32'). Got "
                        + (value == null ? "none" : value.length() + " characters"));
            }
        }

        /** 256 random bits from {@link SecureRandom}, base64url. */
        public static Token generate() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return new Token(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), "generated", true);
        }

        @Override
        public String toString() {
            return "Token[" + source + "]"; // never the value, e.g. in a log line
        }
    }

    public HttpSecurity {
        if (auth == null) {
            throw new IllegalArgumentException("auth may not be null; expected NONE, TOKEN or BASIC");
        }
        if ((auth == Auth.TOKEN) != (token != null)) {
            throw new IllegalArgumentException("a token goes with TOKEN auth and only with it. Got " + auth + " and "
                    + (token == null ? "no token" : "a token"));
        }
        if ((auth == Auth.BASIC) != (passwords != null)) {
            throw new IllegalArgumentException("a password file goes with BASIC auth and only with it. Got " + auth + " and "
                    + (passwords == null ? "no password file" : "a password file"));
        }
    }

    public static HttpSecurity open() {
        return new HttpSecurity(Auth.NONE, null, null, null);
    }

    public static HttpSecurity token(Token token) {
        return new HttpSecurity(Auth.TOKEN, token, null, null);
    }

    public static HttpSecurity basic(PasswordFile passwords) {
        return new HttpSecurity(Auth.BASIC, null, passwords, null);
    }

    /** Open on a loopback address, else a generated token: what a bind without an explicit choice gets. */
    public static HttpSecurity defaultFor(String host) {
        return isLoopback(host) ? open() : token(Token.generate());
    }

    public HttpSecurity withTls(Tls tls) {
        return new HttpSecurity(auth, token, passwords, tls);
    }

    public boolean tlsEnabled() {
        return tls != null;
    }

    /** True when {@code host} names only this machine (127.0.0.0/8, ::1, localhost); a wildcard 0.0.0.0 is not. */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * What to print at start-up beside the page's address: how to log in (the token itself only when it was
     * generated here), or a warning when serving a non-loopback address without a credential.
     */
    public List<String> describe(String host, String url) {
        List<String> lines = new ArrayList<>();
        switch (auth) {
            case TOKEN -> {
                if (token.generated()) {
                    lines.add("dashboard token: " + token.value() + " (generated; send 'Authorization: Bearer <token>')");
                    lines.add("dashboard login: " + url + "?token=" + token.value());
                } else {
                    lines.add("dashboard auth: bearer token from " + token.source() + "; in a browser open " + url + "?token=<token>");
                }
            }
            case BASIC -> lines.add("dashboard auth: HTTP basic, " + passwords.size() + " user(s) from " + passwords.source());
            case NONE -> {
                if (!isLoopback(host)) {
                    lines.add("WARNING: dashboard on " + host + " has no authentication (--http-auth none): anyone who can reach "
                            + url + " sees every run and /metrics and can change what the page shows");
                }
            }
        }
        if (tls != null) {
            lines.add("dashboard tls: " + tls.source());
        } else if (auth != Auth.NONE && !isLoopback(host)) {
            lines.add("dashboard note: no TLS, so the " + (auth == Auth.TOKEN ? "token" : "password")
                    + " and every page cross the network unencrypted (--http-tls-cert/--http-tls-key or --http-keystore)");
        }
        return lines;
    }

    /** A token read from a file's first line (surrounding white space dropped). */
    public static Token tokenFromFile(Path file) {
        String text = Tls.readString(file, "token file").strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("token file " + file + " is empty");
        }
        return new Token(text.lines().findFirst().orElse("").strip(), "file " + file, false);
    }
}
