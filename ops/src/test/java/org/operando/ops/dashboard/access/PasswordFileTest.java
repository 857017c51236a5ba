package org.operando.ops.dashboard.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PasswordFileTest {
    private final Path file;

    PasswordFileTest() throws Exception {
        file = Files.createTempFile("operando-passwords-", ".txt");
    }

    @AfterEach
    void delete() throws Exception {
        Files.deleteIfExists(file);
    }

    @Test
    void shouldVerifyPbkdf2EntryAgainstAnIndependentDerivationAndIgnoreComments() throws Exception {
        String line = PasswordFile.entry("alice", "s3cret pass".toCharArray(), 1000, new SecureRandom(new byte[] {1}));
        String[] f = line.split(":");
        assertThat(f).hasSize(5);
        assertThat(f[1]).isEqualTo("pbkdf2-sha256");
        // the hash is PBKDF2-HMAC-SHA256 of the password with the stored salt: derive it again, independently of entry()
        javax.crypto.SecretKeyFactory kdf = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] expected = kdf.generateSecret(new javax.crypto.spec.PBEKeySpec("s3cret pass".toCharArray(), Base64.getDecoder().decode(f[3]),
                1000, 256)).getEncoded();
        assertThat(Base64.getDecoder().decode(f[4])).isEqualTo(expected);
        Files.writeString(file, "# operators\n\n" + line + "\n", StandardCharsets.UTF_8);
        PasswordFile users = PasswordFile.read(file);
        assertThat(users.size()).isEqualTo(1);
        assertThat(users.verify("alice", "s3cret pass".toCharArray())).isTrue();
        assertThat(users.verify("alice", "s3cret pas".toCharArray())).isFalse();
        assertThat(users.verify("alice", new char[0])).isFalse();
        assertThat(users.verify("bob", "s3cret pass".toCharArray())).isFalse();
    }

    @Test
    void shouldRefuseMalformedLineWithItsNumberAndAFileWithoutUsers() throws Exception {
        Files.writeString(file, "# comment\nalice:plain:secret\n");
        assertThatThrownBy(() -> PasswordFile.read(file)).hasMessage("password file " + file
                + ", line 2: expected USER:pbkdf2-sha256:ITERATIONS:SALT:HASH (see docs/security.md)");
        Files.writeString(file, "alice:pbkdf2-sha256:1000:AAAA:AAAA\n");
        assertThatThrownBy(() -> PasswordFile.read(file)).hasMessageContaining("line 1");
        Files.writeString(file, "# nobody yet\n");
        assertThatThrownBy(() -> PasswordFile.read(file)).hasMessageContaining("names no users");
        assertThatThrownBy(() -> PasswordFile.entry("a:b", "x".toCharArray(), 1, new SecureRandom()))
                .hasMessageContaining("user name must be");
    }
}
