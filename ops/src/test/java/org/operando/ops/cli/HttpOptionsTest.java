package org.operando.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.operando.ops.dashboard.DashboardServer;
import org.operando.ops.dashboard.access.HttpSecurity;
import picocli.CommandLine;

/** Which credential the HTTP options choose, and what is printed at start-up, without starting a server. */
class HttpOptionsTest {
    private static HttpOptions parse(String... args) {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs(args);
        return demo.http;
    }

    @Test
    void shouldServeLoopbackOpenlyAndQuietlyByDefault() {
        DashboardServer.Settings s = parse().settings();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.security().auth()).isEqualTo(HttpSecurity.Auth.NONE);
        assertThat(s.security().describe(s.host(), "http://127.0.0.1:8080/")).isEmpty();
        assertThat(parse("--http-port", "-1").settings()).isNull();
    }

    @Test
    void shouldDefaultToGeneratedTokenOffLoopbackAndPrintIt() {
        HttpSecurity s = parse("--http-host", "0.0.0.0").security(null);
        assertThat(s.auth()).isEqualTo(HttpSecurity.Auth.TOKEN);
        assertThat(s.token().generated()).isTrue();
        assertThat(s.token().value()).hasSize(43);
        assertThat(s.describe("0.0.0.0", "http://0.0.0.0:8080/")).contains("dashboard login: http://0.0.0.0:8080/?token=" + s.token().value())
                .anySatisfy(l -> assertThat(l).startsWith("dashboard note: no TLS"));
        assertThat(parse("--http-host", "0.0.0.0").security(null).token().value()).as("fresh each start").isNotEqualTo(s.token().value());
    }

    @Test
    void shouldWarnWhenNoneIsChosenOffLoopback() {
        HttpSecurity s = parse("--http-host", "0.0.0.0", "--http-auth", "none").security(null);
        assertThat(s.auth()).isEqualTo(HttpSecurity.Auth.NONE);
        assertThat(s.describe("0.0.0.0", "http://0.0.0.0:8080/")).singleElement().asString()
                .startsWith("WARNING: dashboard on 0.0.0.0 has no authentication (--http-auth none)");
    }

    @Test
    void shouldTakeTokenFromFileThenEnvironmentAndNeverPrintAGivenOne() throws Exception {
        Path file = Files.createTempFile("operando-token-", ".txt");
        try {
            Files.writeString(file, "  from-file-0123456789abcdef  \n");
            HttpSecurity fromFile = parse("--http-token-file", file.toString()).security("from-env-0123456789abcdef");
            assertThat(fromFile.auth()).as("a token file turns auth on, loopback too").isEqualTo(HttpSecurity.Auth.TOKEN);
            assertThat(fromFile.token().value()).isEqualTo("from-file-0123456789abcdef");
            assertThat(String.join("\n", fromFile.describe("127.0.0.1", "http://127.0.0.1:8080/"))).doesNotContain("from-file-");
            HttpSecurity fromEnv = parse("--http-auth", "token").security("from-env-0123456789abcdef");
            assertThat(fromEnv.token().value()).isEqualTo("from-env-0123456789abcdef");
            assertThat(fromEnv.token().source()).isEqualTo("environment variable " + HttpOptions.TOKEN_ENV);
            assertThat(parse().security("from-env-0123456789abcdef").auth()).as("the variable alone does not turn loopback auth on")
                    .isEqualTo(HttpSecurity.Auth.NONE);
        } finally {
            Files.delete(file);
        }
    }
}
