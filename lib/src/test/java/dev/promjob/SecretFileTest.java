package dev.promjob;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.testing.ExampleProvider;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret file that cannot be used is a configuration that cannot run: refused naming the file and
 * the key, with the reason in words, and never a byte of what the file holds.
 */
class SecretFileTest {
  @TempDir Path tmp;

  static final String TEXT = ExampleProvider.PASSWORD;
  static final String FILE = ExampleProvider.PASSWORD_FILE;

  Config config(Path file) {
    return Config.of(Map.of(FILE, file.toString()));
  }

  @Test
  void aFileThatIsNotUtf8IsNamedWithItsKeyAndNotShown() throws Exception {
    // Latin-1 "zäq": what "Input length = 1" used to stand for.
    Path file = Files.write(tmp.resolve("latin1"), new byte[] {'z', (byte) 0xe4, 'q'});

    assertThatThrownBy(() -> config(file).secret(TEXT, FILE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + file + "': " + FILE + " holds bytes that are not UTF-8 text")
        .hasCauseInstanceOf(CharacterCodingException.class)
        .message()
        .doesNotContain("z")
        .doesNotContain("q");
  }

  @Test
  void aDirectoryIsNamedWithItsKey() {
    assertThatThrownBy(() -> config(tmp).secret(TEXT, FILE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + tmp + "': " + FILE + " names a directory, not a file");
  }
}
