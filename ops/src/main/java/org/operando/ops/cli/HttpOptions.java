package org.operando.ops.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.operando.ops.dashboard.DashboardServer;
import org.operando.ops.dashboard.access.HttpSecurity;
import org.operando.ops.dashboard.access.PasswordFile;
import org.operando.ops.dashboard.access.Tls;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Every option of the dashboard's HTTP server, shared by the commands that serve it ({@code demo}, {@code ingest}):
 * address, credential and TLS, turned into one {@link DashboardServer.Settings}. See docs/security.md.
 */
public final class HttpOptions {
    public static final String TOKEN_ENV = "OPERANDO_HTTP_TOKEN";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Dashboard and /metrics port (default: ${DEFAULT-VALUE}; 0 = a free port; -1 = no dashboard).")
    int port;

    @Option(names = "--http-host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address the dashboard binds to (default: ${DEFAULT-VALUE}, loopback only). Any other address needs "
                    + "a credential unless --http-auth none.")
    String host;

    @Option(names = "--http-auth", paramLabel = "token|basic|none",
            description = "Who may see the dashboard and /metrics: token (bearer token; the default off loopback), basic "
                    + "(users of --http-password-file) or none (anyone; the default on loopback, a warning elsewhere).")
    String auth;

    @Option(names = "--http-token-file", paramLabel = "FILE",
            description = "Bearer token: the first line of FILE (else $" + TOKEN_ENV + ", else one is generated and printed).")
    Path tokenFile;

    @Option(names = "--http-password-file", paramLabel = "FILE",
            description = "Users for --http-auth basic: USER:pbkdf2-sha256:ITERATIONS:SALT:HASH lines (operando http-password FILE USER).")
    Path passwordFile;

    @Option(names = "--http-keystore", paramLabel = "FILE", description = "Serve HTTPS with the key in this PKCS12 or JKS keystore.")
    Path keystore;

    @Option(names = "--http-keystore-password-file", paramLabel = "FILE", description = "First line: the password of --http-keystore.")
    Path keystorePasswordFile;

    @Option(names = "--http-tls-cert", paramLabel = "FILE", description = "Serve HTTPS with this PEM certificate chain (with --http-tls-key).")
    Path tlsCert;

    @Option(names = "--http-tls-key", paramLabel = "FILE", description = "Unencrypted PKCS#8 PEM private key of --http-tls-cert.")
    Path tlsKey;

    /**
     * The server's settings, every file read and checked now (before a broker starts); null with {@code --http-port -1}.
     * A contradiction between options is a usage error (exit 2); a file that is missing or wrong fails the command
     * (exit 1), each with a one-line message.
     */
    public DashboardServer.Settings settings() {
        if (port < -1 || port > 65535) {
            throw usage("--http-port must be -1 (none), 0 (a free port) or 1..65535. Got " + port);
        }
        if (port < 0) {
            return null;
        }
        HttpSecurity security = security(System.getenv(TOKEN_ENV));
        return new DashboardServer.Settings(host, port, Duration.ofMillis(200), 512, security);
    }

    HttpSecurity security(String envToken) {
        HttpSecurity.Auth mode = mode();
        if (tokenFile != null && mode != HttpSecurity.Auth.TOKEN) {
            throw usage("--http-token-file goes with --http-auth token, not " + lower(mode));
        }
        if (passwordFile != null && mode != HttpSecurity.Auth.BASIC) {
            throw usage("--http-password-file goes with --http-auth basic, not " + lower(mode));
        }
        if (keystore != null && (tlsCert != null || tlsKey != null)) {
            throw usage("--http-keystore and --http-tls-cert/--http-tls-key are alternatives: give one");
        }
        if ((keystore == null) != (keystorePasswordFile == null)) {
            throw usage("--http-keystore and --http-keystore-password-file go together: give both");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw usage("--http-tls-cert and --http-tls-key go together: give both");
        }
        HttpSecurity security = switch (mode) {
            case NONE -> HttpSecurity.open();
            case TOKEN -> HttpSecurity.token(tokenFile != null ? HttpSecurity.tokenFromFile(tokenFile)
                    : envToken != null && !envToken.isBlank() ? new HttpSecurity.Token(envToken.strip(), "environment variable " + TOKEN_ENV, false)
                    : HttpSecurity.Token.generate());
            case BASIC -> {
                if (passwordFile == null) {
                    throw usage("--http-auth basic needs --http-password-file FILE (create one with 'operando http-password FILE USER')");
                }
                yield HttpSecurity.basic(PasswordFile.read(passwordFile));
            }
        };
        if (keystore != null) {
            return security.withTls(Tls.fromKeystore(keystore, keystorePasswordFile));
        }
        if (tlsCert != null || tlsKey != null) {
            return security.withTls(Tls.fromPem(tlsCert, tlsKey));
        }
        return security;
    }

    /** The explicit --http-auth; else what a credential file implies; else token off loopback, none on it. */
    private HttpSecurity.Auth mode() {
        if (auth != null) {
            return switch (auth.toLowerCase(java.util.Locale.ROOT)) {
                case "token" -> HttpSecurity.Auth.TOKEN;
                case "basic" -> HttpSecurity.Auth.BASIC;
                case "none" -> HttpSecurity.Auth.NONE;
                default -> throw usage("--http-auth must be token, basic or none. Got '" + auth + "'");
            };
        }
        if (tokenFile != null) {
            return HttpSecurity.Auth.TOKEN;
        }
        if (passwordFile != null) {
            return HttpSecurity.Auth.BASIC;
        }
        return HttpSecurity.isLoopback(host) ? HttpSecurity.Auth.NONE : HttpSecurity.Auth.TOKEN;
    }

    private static String lower(HttpSecurity.Auth mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
