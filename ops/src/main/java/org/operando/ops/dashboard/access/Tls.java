package org.operando.ops.dashboard.access;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The server's certificate and private key for HTTPS, from a PKCS12/JKS keystore or from PEM files, held as an
 * in-memory key store for Jetty's {@link SslContextFactory.Server}. Everything is read and checked when built, so
 * a wrong password or a missing file stops the command before anything starts.
 *
 * @param source what the key came from, for the start-up line
 */
public record Tls(KeyStore keyStore, char[] password, String source) {
    private static final Pattern PEM_KEY = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    /**
     * A keystore (PKCS12 or JKS, recognised by its content) whose password is the first line of {@code passwordFile};
     * the key entry's password must be the same.
     */
    public static Tls fromKeystore(Path keystore, Path passwordFile) {
        if (passwordFile == null) {
            throw new IllegalArgumentException("--http-keystore needs --http-keystore-password-file (a file whose first line is the password)");
        }
        char[] password = firstLine(passwordFile, "keystore password file");
        if (!Files.isRegularFile(keystore)) {
            throw new IllegalArgumentException("keystore " + keystore + " does not exist");
        }
        KeyStore ks;
        try {
            ks = KeyStore.getInstance(keystore.toFile(), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new IllegalArgumentException("cannot open keystore " + keystore + ": wrong password in " + passwordFile);
            }
            throw new IllegalArgumentException("cannot read keystore " + keystore + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read keystore " + keystore + " (expected PKCS12 or JKS): " + e.getMessage());
        }
        requireKeyEntry(ks, password, "keystore " + keystore);
        return new Tls(ks, password, "keystore " + keystore);
    }

    /**
     * A certificate chain (PEM, server certificate first) and its unencrypted PKCS#8 private key
     * ({@code -----BEGIN PRIVATE KEY-----}); the key's algorithm is the certificate's.
     */
    public static Tls fromPem(Path certFile, Path keyFile) {
        if (certFile == null || keyFile == null) {
            throw new IllegalArgumentException("--http-tls-cert and --http-tls-key go together: give both");
        }
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(certFile)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("certificate file " + certFile + " does not exist");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read certificate " + certFile + " (expected PEM X.509): " + e.getMessage());
        }
        if (chain.length == 0) {
            throw new IllegalArgumentException("certificate file " + certFile + " holds no certificate");
        }
        String pem = readString(keyFile, "private key file");
        Matcher m = PEM_KEY.matcher(pem);
        if (!m.find()) {
            String found = pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY") ? "a PKCS#1/SEC1 key"
                    : pem.contains("BEGIN ENCRYPTED PRIVATE KEY") ? "an encrypted key" : "no private key";
            throw new IllegalArgumentException("private key file " + keyFile + " holds " + found
                    + "; expected unencrypted PKCS#8 PEM (convert: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem)");
        }
        PrivateKey key;
        String algorithm = chain[0].getPublicKey().getAlgorithm();
        try {
            byte[] der = Base64.getMimeDecoder().decode(m.group(1));
            key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read private key " + keyFile + " as a " + algorithm + " key (the certificate's): "
                    + e.getMessage());
        }
        char[] password = randomPassword();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("operando", key, password, chain);
            return new Tls(ks, password, "certificate " + certFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("private key " + keyFile + " does not fit certificate " + certFile + ": " + e.getMessage());
        }
    }

    /** A new Jetty SSL context factory over this key (TLS 1.2 and 1.3, Jetty's default cipher exclusions). */
    public SslContextFactory.Server sslContextFactory() {
        SslContextFactory.Server f = new SslContextFactory.Server();
        f.setKeyStore(keyStore);
        f.setKeyStorePassword(new String(password));
        f.setKeyManagerPassword(new String(password));
        f.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return f;
    }

    /** An HTTPS connector on {@code host:port} to use in place of Javalin's plain one (HTTP/1.1 over TLS). */
    public Connector connector(Server server, HttpConfiguration http, String host, int port) {
        http.addCustomizer(new SecureRequestCustomizer());
        ServerConnector https = new ServerConnector(server, new SslConnectionFactory(sslContextFactory(), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http));
        https.setHost(host);
        https.setPort(port);
        return https;
    }

    private static void requireKeyEntry(KeyStore ks, char[] password, String what) {
        try {
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    ks.getKey(alias, password); // the key's password must be the store's
                    return;
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException(what + ": its key has a password other than the keystore's");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
        throw new IllegalArgumentException(what + " holds no private key entry (only certificates)");
    }

    private static char[] firstLine(Path file, String what) {
        String text = readString(file, what);
        String line = text.lines().findFirst().orElse("");
        if (line.isEmpty()) {
            throw new IllegalArgumentException(what + " " + file + " is empty");
        }
        return line.toCharArray();
    }

    static String readString(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e);
        }
    }

    private static char[] randomPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b).toCharArray();
    }
}
