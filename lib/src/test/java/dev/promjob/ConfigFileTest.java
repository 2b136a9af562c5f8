package dev.promjob;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file named by {@code promjob.config} that cannot be used is a configuration that cannot run:
 * refused as a secret file is, naming the file and the key with the reason in words and the cause,
 * never a byte of what the file holds nor a Java class name.
 */
class ConfigFileTest {
  @TempDir Path tmp;

  static Config load(Path file) {
    return Config.load(Map.of("PROMJOB_CONFIG", file.toString()), new Properties());
  }

  @Test
  void aMissingFileIsNamedWithItsKey() {
    Path missing = tmp.resolve("nosuch.properties");

    assertThatThrownBy(() -> load(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + missing + "': promjob.config names a file that does not exist")
        .hasCauseInstanceOf(NoSuchFileException.class);
  }

  @Test
  void aDirectoryIsNamedWithItsKey() {
    assertThatThrownBy(() -> load(tmp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + tmp + "': promjob.config names a directory, not a file");
  }

  @Test
  void aFileThatIsNotUtf8IsNamedAndNotShown() throws Exception {
    Path file = Files.write(tmp.resolve("latin1"), new byte[] {'z', '=', (byte) 0xff, 'q'});

    assertThatThrownBy(() -> load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + file + "': promjob.config holds bytes that are not UTF-8 text")
        .hasCauseInstanceOf(CharacterCodingException.class);
  }

  @Test
  void aMalformedEscapeIsNamedWithTheFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("escape"), "promjob.textfile.dir=\\u00zz\n");

    assertThatThrownBy(() -> load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + file + "': promjob.config names a file with a malformed \\uXXXX escape")
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFileThisUserCannotReadSaysPermissionDenied() {
    // The tests may run as root, who reads a file of mode 000: the exception the JDK throws.
    Path file = tmp.resolve("private");

    assertThatThrownBy(
            () -> {
              throw ConfigKeys.unreadable(
                  file, Config.CONFIG_FILE, new AccessDeniedException("" + file));
            })
        .hasMessage(
            "'"
                + file
                + "': promjob.config names a file this user cannot read (permission denied)");
  }
}
