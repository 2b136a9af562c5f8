package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.promjob.Job;
import dev.promjob.Outcome;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile directories: links planted where promjob writes, names that try to leave the directory.
 * The rule: promjob never writes outside its directory and never follows a link it did not make.
 */
class TextfileSecurityTest {
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  static final byte[] SECRET =
      "root:secret:0:0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  @TempDir Path tempDir;
  private FileSystem jimfs;

  @AfterEach
  void close() throws IOException {
    if (jimfs != null) {
      jimfs.close();
    }
  }

  /** A world-writable directory (as a careless setup would have) and a file outside it. */
  Path sandbox(boolean onJimfs) throws IOException {
    Path root;
    if (onJimfs) {
      jimfs =
          Jimfs.newFileSystem(
              Configuration.unix().toBuilder()
                  .setAttributeViews("basic", "owner", "posix", "unix")
                  .build());
      root = Files.createDirectories(jimfs.getPath("/sandbox"));
    } else {
      root = tempDir;
    }
    Path dir = Files.createDirectories(root.resolve("textfile"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path secret = Files.write(root.resolve("shadow"), SECRET);
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    return dir;
  }

  void assertSecretUntouched(Path dir) throws IOException {
    Path secret = dir.getParent().resolve("shadow");
    assertArrayEquals(SECRET, Files.readAllBytes(secret), "content of the file outside");
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)),
        "its mode");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aLinkPlantedAtThePredictableTempNameIsNeverFollowed(boolean onJimfs) throws IOException {
    Path dir = sandbox(onJimfs);
    Job job = TextfileBackendTest.job();
    String base = FileNames.base(job);
    // The attacker knows the name promjob will try first; the second is random again.
    List<String> names = new ArrayList<>(List.of("0123456789abcdef", "fedcba9876543210"));
    Path planted =
        dir.resolve(
            "."
                + base
                + "."
                + ProcessHandle.current().pid()
                + ".0123456789abcdef"
                + TextfileBackend.TEMP_SUFFIX);
    Files.createSymbolicLink(planted, dir.getParent().resolve("shadow"));
    TextfileBackend backend =
        TextfileBackend.builder().directory(dir).tempNames(() -> names.remove(0)).build();

    backend.report(TextfileBackendTest.report(job, Outcome.SUCCESS, T0));

    assertSecretUntouched(dir);
    assertTrue(Files.isSymbolicLink(planted), "someone else's link is left alone");
    assertTrue(Files.isRegularFile(backend.fileOf(job), LinkOption.NOFOLLOW_LINKS));
    assertEquals(1.0, TextfileBackendTest.value(backend.fileOf(job), "promjob_last_run_success"));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aLinkPlantedAtTheFileNameIsRefusedNotFollowed(boolean onJimfs) throws IOException {
    Path dir = sandbox(onJimfs);
    Job job = TextfileBackendTest.job();
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    Path link = Files.createSymbolicLink(backend.fileOf(job), dir.getParent().resolve("shadow"));

    for (Outcome outcome : Outcome.values()) {
      IOException e =
          assertThrows(
              IOException.class,
              () -> backend.report(TextfileBackendTest.report(job, outcome, T0)));
      assertThat(e.getMessage()).contains(link + ": is a symbolic link");
    }
    IOException e = assertThrows(IOException.class, () -> backend.delete(job));
    assertThat(e.getMessage()).contains("is a symbolic link");
    assertSecretUntouched(dir);
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(List.of(), TextfileBackendTest.tempFiles(dir));
  }

  /**
   * Another user of a world-writable directory swaps every promjob temp file for a link to a file
   * outside, as fast as it can, while promjob writes 300 times.
   */
  @Test
  void anAttackerSwappingTempFilesForLinksGetsNothingOut() throws Exception {
    Path dir = sandbox(false);
    Path secret = dir.getParent().resolve("shadow");
    Job job = TextfileBackendTest.job();
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger swaps = new AtomicInteger();
    Thread attacker =
        new Thread(
            () -> {
              while (!stop.get()) {
                try (DirectoryStream<Path> s =
                    Files.newDirectoryStream(dir, "*" + TextfileBackend.TEMP_SUFFIX)) {
                  for (Path p : s) {
                    if (!Files.isSymbolicLink(p) && Files.deleteIfExists(p)) {
                      Files.createSymbolicLink(p, secret);
                      swaps.incrementAndGet();
                    }
                  }
                } catch (IOException raced) {
                  // promjob removed or renamed it first: try again
                }
              }
            });
    attacker.start();
    int written = 0;
    int refused = 0;
    try {
      for (int i = 0; i < 300; i++) {
        try {
          backend.report(TextfileBackendTest.report(job, Outcome.SUCCESS, T0.plusSeconds(i)));
          written++;
        } catch (IOException e) {
          refused++;
        }
        if (Files.isSymbolicLink(backend.fileOf(job))) {
          Files.delete(
              backend.fileOf(job)); // a swap that won the last race; the next write would refuse it
        }
      }
    } finally {
      stop.set(true);
      attacker.join();
    }
    System.out.printf(
        "attacker: %d swaps; promjob: %d written, %d refused%n", swaps.get(), written, refused);
    assertSecretUntouched(dir);
    assertTrue(written > 0, "some writes got through");
  }

  /**
   * Names that try to leave the directory are either refused at declaration or encoded inside it.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        ".",
        "../etc",
        "../../etc/passwd",
        "/etc/passwd",
        "a/../../b",
        "\\..\\..\\windows",
        "C:\\x",
        "%2e%2e",
        "a\u0000b",
        "~root",
        ".hidden",
        "x\n",
        "..%2f..",
        "\u2025",
        "\uff0e\uff0e"
      })
  void namesNeverLeaveTheDirectory(String hostile) throws IOException {
    for (boolean onJimfs : new boolean[] {true, false}) {
      Path dir = sandbox(onJimfs);
      Path root = dir.getParent();
      Set<Path> before = tree(root);
      TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
      List<Job> jobs = new ArrayList<>();
      for (int kind = 0; kind < 2; kind++) {
        try {
          jobs.add(
              kind == 0
                  ? Job.machineBound(hostile).build()
                  : Job.machineBound("hostile").groupingLabel("path", hostile).build());
        } catch (IllegalArgumentException refused) {
          assertThat(refused.getMessage()).startsWith("'");
        }
      }
      for (Job job : jobs) {
        assertEquals(dir, backend.fileOf(job).getParent(), job.toString());
        backend.report(TextfileBackendTest.report(job, Outcome.SUCCESS, T0));
        assertTrue(Files.isRegularFile(backend.fileOf(job)));
      }
      Set<Path> after = tree(root);
      after.removeIf(
          p ->
              p.getParent().equals(dir)
                  && (p.getFileName().toString().endsWith(".prom")
                      || p.getFileName().toString().endsWith(JobLock.SUFFIX)
                      || p.getFileName().toString().equals(DirectorySummary.NAME)));
      assertEquals(before, after, "nothing written outside " + dir);
      assertSecretUntouched(dir);
      close();
      jimfs = null;
    }
  }

  static Set<Path> tree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return new TreeSet<>(s.toList());
    }
  }
}
