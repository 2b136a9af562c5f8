package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher script itself: what an install into /usr/local relies on. */
class LauncherIT {
  @TempDir Path work;

  @Test
  void aSymlinkToTheLauncherFindsTheJarBesideTheScript() throws Exception {
    Path link = Files.createSymbolicLink(work.resolve("promjob"), Launcher.path());

    Launcher.Result r =
        Launcher.runCommand(work, Map.of(), null, List.of(link.toString(), "--help"));

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("usage:\n  promjob run");
  }

  @Test
  void withoutJavaItSaysWhatToInstall() throws Exception {
    Launcher.Result r =
        Launcher.runCommand(
            work,
            Map.of("PATH", "/nonexistent", "JAVA_HOME", ""),
            null,
            List.of("/bin/sh", Launcher.path().toString(), "--help"));

    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.err()).contains("promjob: no java found").contains("JAVA_HOME");
  }

  @Test
  void theClassDataArchiveIsMappedAndTheLaunchersOwnVariablesNeverReachTheJvm() throws Exception {
    Path dir = Files.createDirectory(work.resolve("textfiles"));
    List<String> cmd =
        List.of(
            Launcher.path().toString(),
            "run",
            "--job",
            "cds_check",
            "--textfile-dir",
            dir.toString(),
            "--",
            "true");

    Launcher.Result on =
        Launcher.runCommand(work, Map.of("PROMJOB_JAVA_OPTS", "-Xlog:cds"), null, cmd);
    Launcher.Result off =
        Launcher.runCommand(
            work, Map.of("PROMJOB_JAVA_OPTS", "-Xlog:cds", "PROMJOB_CDS", "off"), null, cmd);

    // lib refuses PROMJOB_* variables it does not know: these two are removed before the JVM.
    assertThat(on.exitCode()).as(on.err()).isZero();
    assertThat(off.exitCode()).as(off.err()).isZero();
    String jsa = Launcher.path().resolveSibling("promjob.jsa").toString();
    assertThat(on.out()).contains("Opened archive " + jsa);
    assertThat(off.out()).doesNotContain("promjob.jsa");
  }
}
