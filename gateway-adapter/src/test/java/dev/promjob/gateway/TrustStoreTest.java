package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trust store that cannot be used is a configuration that cannot run: refused when the backend is
 * built, naming the file and the key with the reason in words, never the password.
 */
class TrustStoreTest {
  static final String KEY = PushgatewayKeys.TRUSTSTORE;
  static final String PASSWORD_KEY = PushgatewayKeys.TRUSTSTORE_PASSWORD;

  @TempDir Path tmp;

  void load(Path file, String password) {
    HttpSettings.trustStore(file, password, KEY, PASSWORD_KEY);
  }

  @Test
  void aMissingFileIsNamedWithItsKey() {
    Path missing = tmp.resolve("nosuch.p12");

    assertThatThrownBy(() -> load(missing, "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + missing + "': " + KEY + " names a file that does not exist")
        .hasCauseInstanceOf(NoSuchFileException.class);
  }

  @Test
  void aDirectoryIsNamedWithItsKey() {
    assertThatThrownBy(() -> load(tmp, "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + tmp + "': " + KEY + " names a directory, not a file");
  }

  @Test
  void aTextFileIsNotATrustStore() throws Exception {
    Path text = Files.writeString(tmp.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");

    assertThatThrownBy(() -> load(text, "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'" + text + "': " + KEY + " names a file that is not a PKCS12 or JKS trust store")
        .hasCauseInstanceOf(java.io.IOException.class);
  }

  @Test
  void aWrongPasswordNamesBothKeysAndNeverThePassword() throws Exception {
    Path store = tmp.resolve("trust.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (OutputStream out = Files.newOutputStream(store)) {
      ks.store(out, "right-one".toCharArray());
    }

    assertThatThrownBy(() -> load(store, "wrong-one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'"
                + store
                + "': "
                + KEY
                + " cannot be opened with "
                + PASSWORD_KEY
                + ": the password is wrong");
  }
}
