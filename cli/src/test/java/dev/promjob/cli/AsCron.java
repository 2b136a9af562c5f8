package dev.promjob.cli;

import dev.promjob.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged launcher as a crontab line runs it: {@code env -i PATH=/usr/bin:/bin} (see {@link
 * Launcher#cron}), as {@code nobody} when the tests run as root, writing into a directory {@code
 * nobody} owns.
 */
final class AsCron {
  private AsCron() {}

  /** Gives {@code dir} to {@code nobody}, who runs the jobs, when the tests run as root. */
  static void ownDirectory(Path dir) throws IOException {
    if (ServerProcess.isRoot()) {
      Files.setOwner(
          dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    }
  }

  /** The command line: {@code env} (NAME=VALUE) for env(1), then {@code promjob args...}. */
  static List<String> line(List<String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    if (ServerProcess.isRoot()) {
      cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    cmd.addAll(Launcher.cron(env, args));
    return cmd;
  }

  /** Runs {@code promjob args...} to its end, with {@code stdin} (or none). */
  static Launcher.Result run(Path work, List<String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    return Launcher.runCommand(work, Map.of(), stdin, line(env, args));
  }
}
