package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.testing.OpenDescriptors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The temp file on the real file system, with and without a name for the open file: on Linux it is
 * {@code /proc/self/fd/N}; macOS and the BSDs have none, and then the name is used, never followed,
 * right after the exclusive create.
 */
class TempTest {
  @TempDir Path dir;

  static UnaryOperator<Path> openName(boolean procfs) {
    return procfs ? OpenFiles::procName : p -> null;
  }

  @ParameterizedTest(name = "procfs={0}")
  @ValueSource(booleans = {true, false})
  void hasTheModeAskedForWhateverTheUmaskTookAway(boolean procfs) throws IOException {
    // 0666 under the usual umask 022 is created 0644: the bits are given back.
    try (Temp temp =
        Temp.create(
            dir.resolve("t"), PosixFilePermissions.fromString("rw-rw-rw-"), openName(procfs))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.path())))
          .isEqualTo("rw-rw-rw-");
    }
  }

  @ParameterizedTest(name = "procfs={0}")
  @ValueSource(booleans = {true, false})
  void aHardLinkToItIsNoticedBeforeTheRename(boolean procfs) throws IOException {
    try (Temp temp =
        Temp.create(
            dir.resolve("t"), PosixFilePermissions.fromString("rw-r--r--"), openName(procfs))) {
      temp.requireUnchanged(dir);
      Files.createLink(dir.resolve("kept"), temp.path());
      assertThatThrownBy(() -> temp.requireUnchanged(dir))
          .hasMessageContaining("the temp file has 2 names");
    }
  }

  @Test
  void aFailureRightAfterTheCreateClosesTheFile() {
    assertThatThrownBy(
            () ->
                Temp.create(
                    dir.resolve("t"),
                    PosixFilePermissions.fromString("rw-r--r--"),
                    p -> dir.resolve("gone")))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(OpenDescriptors.under(dir)).isEmpty();
  }

  @Test
  void closingItClosesTheFile() throws IOException {
    Temp temp = Temp.create(dir.resolve("t"), PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(OpenDescriptors.under(dir)).hasSize(1);
    temp.close();
    assertThat(OpenDescriptors.under(dir)).isEmpty();
  }
}
