package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.internal.ClientJava;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * client_java 1.2.1 first on the class path, as Micrometer 1.13's dependency management puts it
 * there: promjob refuses to start, naming the versions found and the one needed, instead of dying
 * with NoSuchMethodError in the middle of a run.
 */
class ClientJavaVersionIT {
  @TempDir Path tmp;

  @Test
  void anOlderClientJavaFirstOnTheClassPathIsRefusedAtStartNamingBothVersions() throws Exception {
    String out = versionChild();
    assertThat(out)
        .startsWith(
            "REFUSED promjob needs client_java (io.prometheus:prometheus-metrics-*) 1.7.0 or newer")
        .contains("prometheus-metrics-model 1.2.1")
        .contains("prometheus-metrics-core 1.2.1")
        .doesNotContain("NoSuchMethodError");
  }

  /**
   * The command line's jar ships its own client_java and says so: there the check is skipped
   * (nothing is refused at start), and only there.
   */
  @Test
  void aJarThatShipsItsOwnClientJavaSkipsTheCheck() throws Exception {
    assertThat(versionChild("-D" + ClientJava.BUNDLED + "=true")).doesNotStartWith("REFUSED");
  }

  /** What {@link VersionChild} prints, run with client_java 1.2.1 first on its class path. */
  private String versionChild(String... jvmOptions) throws Exception {
    Path old = Path.of("target", "client-java-1.2.1");
    List<String> classPath = new ArrayList<>();
    try (Stream<Path> jars = Files.list(old)) {
      jars.sorted().forEach(j -> classPath.add(j.toAbsolutePath().toString()));
    }
    assertThat(classPath).hasSize(4);
    classPath.add(System.getProperty("java.class.path")); // 1.9.0 too, behind: first wins
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(
        List.of(
            "-cp",
            String.join(File.pathSeparator, classPath),
            VersionChild.class.getName(),
            tmp.toString()));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("out").toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return Files.readString(tmp.resolve("out"));
  }

  /** Builds a reporter and starts a machine-bound run; prints how that went. */
  public static final class VersionChild {
    public static void main(String[] args) {
      try {
        Reporter r = Reporter.builder().textfileDirectory(Path.of(args[0])).build();
        r.run(Job.machineBound("version_probe").build(), run -> {});
        System.out.println("STARTED");
      } catch (IllegalStateException e) {
        System.out.println("REFUSED " + e.getMessage());
      } catch (Throwable t) {
        System.out.println("CRASHED " + t);
      }
    }
  }
}
