package dev.promjob.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@code main} of the test class path run as its own JVM: to be killed with SIGKILL, to run
 * beside others, or to run as {@code nobody} so that file permissions apply (root ignores them).
 */
public final class JavaChild {
  private static String readableClassPath;

  private JavaChild() {}

  /**
   * The command that runs {@code main} with {@code args}. When {@code unprivileged} and this JVM
   * runs as root, the child runs as nobody through setpriv (which execs: the PID is the JVM's),
   * with a copy of the class path that nobody can read.
   */
  public static List<String> command(Class<?> main, boolean unprivileged, String... args) {
    List<String> cmd = new ArrayList<>();
    String classPath = System.getProperty("java.class.path");
    if (unprivileged && ServerProcess.isRoot()) {
      cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
      classPath = readableClassPath();
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-cp",
            classPath,
            main.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * This JVM's class path, copied once under the temp directory, world-readable; removed at exit.
   */
  private static synchronized String readableClassPath() {
    if (readableClassPath == null) {
      try {
        Path root =
            Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "promjob-cp-");
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry :
            System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
          Path from = Path.of(entry);
          if (!Files.exists(from)) {
            continue;
          }
          Path to = root.resolve(i++ + "-" + from.getFileName());
          try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
              Path q = to.resolve(from.relativize(p).toString());
              if (Files.isDirectory(p)) {
                Files.createDirectories(q);
              } else {
                Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
              }
            }
          }
          entries.add(to.toString());
        }
        try (Stream<Path> s = Files.walk(root)) {
          for (Path p : s.toList()) {
            Files.setPosixFilePermissions(
                p,
                PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
          }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
        readableClassPath = String.join(java.io.File.pathSeparator, entries);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy the class path for an unprivileged child", e);
      }
    }
    return readableClassPath;
  }

  /** Removes {@code root} and everything under it; quiet, for clean-up paths. */
  public static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("cannot remove " + root + ": " + e);
    }
  }
}
