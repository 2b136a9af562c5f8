package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.Pushgateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --no-overlap} and secrets between two real users: the tests run as root, and {@code
 * setpriv} runs the packaged launcher as nobody. Both users' {@code java.io.tmpdir} is one shared,
 * world-writable directory, as {@code /tmp} is; root's {@code XDG_RUNTIME_DIR} is a directory of
 * the test's (so that no test touches the machine's {@code /run/promjob}).
 */
class RunLockIT {
  @TempDir static Path work;
  static Path base;
  static Path sharedTmp;
  static Path nobodysHome;
  static Path nobodysLocks;
  static Path marks;
  static Pushgateway gateway;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "two users need root to setpriv");
    base = Files.createTempDirectory("promjob-runlock-it");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
    sharedTmp = shared(base.resolve("tmp"));
    nobodysHome = Files.createDirectory(base.resolve("home-nobody"));
    Files.setAttribute(nobodysHome, "unix:uid", 65534);
    nobodysLocks = nobodysHome.resolve(".local/state/promjob");
    marks = shared(base.resolve("marks"));
    Path xdg = Files.createDirectory(base.resolve("xdg-root"));
    Files.setPosixFilePermissions(xdg, PosixFilePermissions.fromString("rwx------"));
    gateway = Pushgateway.start(work);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (base != null) {
      JavaChild.deleteTree(base);
    }
  }

  static Path shared(Path dir) throws IOException {
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    return dir;
  }

  static Map<String, String> env(boolean root) {
    Map<String, String> env = new HashMap<>();
    env.put("PROMJOB_JAVA_OPTS", "-Djava.io.tmpdir=" + sharedTmp);
    env.put("PROMJOB_PUSHGATEWAY_URL", gateway.url());
    env.put("XDG_RUNTIME_DIR", root ? base.resolve("xdg-root").toString() : "");
    env.put("HOME", root ? base.toString() : nobodysHome.toString()); // as cron sets it
    return env;
  }

  static List<String> command(boolean root, String... args) {
    List<String> cmd = new ArrayList<>();
    if (!root) {
      cmd.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    }
    cmd.add(Launcher.path().toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  static Launcher.Result promjob(boolean root, String... args) throws Exception {
    return Launcher.runCommand(work, env(root), null, command(root, args));
  }

  /** {@code promjob run --job JOB --backend pushgateway --no-overlap -- COMMAND...}. */
  static Launcher.Result pushed(boolean root, String job, String... command) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("run", "--job", job, "--backend", "pushgateway", "--no-overlap"));
    args.add("--");
    args.addAll(List.of(command));
    return promjob(root, args.toArray(String[]::new));
  }

  static Process holding(boolean root, String job, Path held, Path release) throws IOException {
    String script =
        "touch " + held + "; while [ ! -e " + release + " ]; do sleep 0.05; done; rm " + held;
    ProcessBuilder pb =
        new ProcessBuilder(
            command(
                root,
                "run",
                "--job",
                job,
                "--backend",
                "pushgateway",
                "--no-overlap",
                "--",
                "sh",
                "-c",
                script));
    pb.environment().keySet().removeIf(k -> k.startsWith("PROMJOB_"));
    pb.environment().putAll(env(root));
    pb.redirectOutput(work.resolve(job + ".out").toFile());
    pb.redirectError(work.resolve(job + ".err").toFile());
    return pb.start();
  }

  @Test
  void aLockLeftByARunAsRootNeverStopsTheUsersRuns() throws Exception {
    Path ran = marks.resolve("sudo_job.ran");

    Launcher.Result asRoot = pushed(true, "sudo_job", "true"); // a test run under sudo
    Launcher.Result asUser = pushed(false, "sudo_job", "touch", ran.toString());

    assertThat(asRoot.exitCode()).isZero();
    assertThat(asUser.err()).isEmpty();
    assertThat(asUser.exitCode()).isZero();
    assertThat(ran).exists();
    assertThat(nobodysLocks).isDirectory();
    assertThat(Files.getOwner(nobodysLocks).getName()).isEqualTo("nobody");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nobodysLocks)))
        .isEqualTo("rwx------");
  }

  /** Another user (root here, any user on a real host) makes the names a shared /tmp would hold. */
  @Test
  void namesAnotherUserMakesInTheSharedTmpNeverStopTheUsersRuns() throws Exception {
    Path ran = marks.resolve("squatted_job.ran");
    Files.createDirectory(sharedTmp.resolve("promjob-65534"));
    Files.createSymbolicLink(sharedTmp.resolve("promjob-nobody"), base);

    Launcher.Result asUser = pushed(false, "squatted_job", "touch", ran.toString());

    assertThat(asUser.err()).isEmpty();
    assertThat(asUser.exitCode()).isZero();
    assertThat(ran).exists();
  }

  @Test
  void anotherUserHoldingTheLockNeverStopsTheJobWhileTheJobsOwnRunsStillExcludeEachOther()
      throws Exception {
    Path held = marks.resolve("held_job.held");
    Path release = marks.resolve("held_job.release");
    Path ran = marks.resolve("held_job.ran");
    Process nobodyHolds = holding(false, "held_job", held, release);
    try {
      Launcher.await("nobody's run to hold its lock", () -> Files.exists(held));

      Launcher.Result r = pushed(true, "held_job", "touch", ran.toString());

      assertThat(r.err()).isEmpty();
      assertThat(r.exitCode()).isZero();
      assertThat(ran).exists();
      Launcher.Result second = pushed(false, "held_job", "true"); // nobody's own second run
      assertThat(second.exitCode()).isEqualTo(75);
      assertThat(second.err())
          .contains("the previous run is still running (it holds " + nobodysLocks + "/")
          .doesNotContain("a file of");
    } finally {
      Files.createFile(release);
      try {
        assertThat(Launcher.exitOf(nobodyHolds)).isZero();
      } finally {
        Launcher.stop(nobodyHolds);
      }
    }
  }

  @Test
  void aRunLockRootLeftBesideATextfileIsNamedWithItsOwnerAndWhatToDo() throws Exception {
    Path dir = Files.createDirectory(base.resolve("textfiles"));
    Files.setAttribute(dir, "unix:uid", 65534); // the user's own textfile directory
    Path lock = dir.resolve(".tf_job" + RunLock.SUFFIX);
    Path ran = marks.resolve("tf_job.ran");
    String[] args = {
      "run", "--job", "tf_job", "--textfile-dir", "" + dir, "--no-overlap", "--", "touch", "" + ran
    };

    assertThat(promjob(true, args).exitCode()).isZero(); // leaves a lock file of root's
    Files.delete(ran);
    Launcher.Result r = promjob(false, args);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(ran).doesNotExist();
    assertThat(r.err())
        .contains(
            "cannot open the run lock "
                + lock
                + ": it belongs to user root (uid 0), left by a run as that user; remove it"
                + " (sudo rm "
                + lock
                + ")")
        .contains("not starting 'touch'")
        .hasLineCount(1);
  }

  @Test
  void aSecretFileTheUserCannotReadIsNamedWithItsKeyAndExitsTwo() throws Exception {
    Path secret = Files.writeString(base.resolve("token"), "zq-never-shown\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    Map<String, String> env = env(false);
    env.put("PROMJOB_PUSHGATEWAY_BEARER_TOKEN_FILE", secret.toString());
    Path ran = marks.resolve("secret_job.ran");

    Launcher.Result r =
        Launcher.runCommand(
            work,
            env,
            null,
            command(
                false,
                "run",
                "--job",
                "secret_job",
                "--backend",
                "pushgateway",
                "--",
                "touch",
                ran.toString()));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(ran).doesNotExist();
    assertThat(r.err())
        .isEqualTo(
            "promjob: '"
                + secret
                + "': promjob.pushgateway.bearer_token_file names a file this user cannot read"
                + " (permission denied)\n");
  }
}
