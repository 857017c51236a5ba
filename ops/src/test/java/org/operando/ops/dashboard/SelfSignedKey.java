package org.operando.ops.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed EC key for {@code localhost} / 127.0.0.1 made by the JDK's keytool, as a PKCS12 keystore and as PEM
 * certificate and PKCS#8 key (written from the keystore's entry), and an HTTP client that trusts it.
 */
record SelfSignedKey(Path keystore, Path passwordFile, char[] password, Path certPem, Path keyPem, KeyStore keyStore) {
    static final String ALIAS = "operando";

    static SelfSignedKey create(Path dir) throws Exception {
        String password = "changeit-123";
        Path keystore = dir.resolve("dashboard.p12");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", password, "-keypass", password));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance(keystore.toFile(), password.toCharArray());
        Path cert = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", ks.getCertificate(ALIAS).getEncoded()));
        Path key = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", ks.getKey(ALIAS, password.toCharArray()).getEncoded()));
        Path passwordFile = Files.writeString(dir.resolve("keystore.pw"), password + "\n");
        return new SelfSignedKey(keystore, passwordFile, password.toCharArray(), cert, key, ks);
    }

    /** An HTTP client (no redirects followed) that trusts this certificate and nothing else. */
    HttpClient trustingClient() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, keyStore.getCertificate(ALIAS));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
