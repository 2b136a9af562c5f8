package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replace on its own, with a body that neither flushes nor closes what it writes to. */
class AtomicReplaceUnitTest {
  @TempDir Path dir;

  @Test
  void everyByteTheBodyWroteIsInTheFileEvenUnflushed() throws IOException {
    AtomicReplace replace =
        new AtomicReplace(
            dir, PosixFilePermissions.fromString("rw-r--r--"), Disk.REAL, () -> "0123456789abcdef");
    Path target = dir.resolve("job.prom");
    replace.replace(
        "job", target, out -> out.write("x 1\n".getBytes(StandardCharsets.UTF_8)), temp -> {});
    assertThat(Files.readString(target)).isEqualTo("x 1\n");
    assertThat(TextfileBackendTest.tempFiles(dir)).isEmpty();
  }
}
