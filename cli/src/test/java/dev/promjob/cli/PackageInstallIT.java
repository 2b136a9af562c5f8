package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb as an operator uses it, on this machine: {@code dpkg -i}, a crontab line run by the real
 * cron daemon with node_exporter serving the file as nobody, {@code man promjob}, the completion,
 * the archive remade by the JDK trigger, then {@code dpkg -r} and {@code -P} leave /usr, /var and
 * /etc as they were.
 *
 * <p>It installs a package, so it runs as root only, and only where no promjob is installed (it
 * would replace and then remove that one). Elsewhere it is skipped, saying why; on CI (CI=true,
 * where the machine is the test's) a skip would hide that the package was never installed, so it
 * fails instead.
 */
class PackageInstallIT {
  /** Cron runs a job at the start of a minute: the next one, or the one after if it just began. */
  static final long CRON_WAIT_SECONDS = 125;

  static final String CRON_FILE = "/etc/cron.d/promjob-package-it";

  @TempDir Path work;

  static void require(boolean condition, String why) {
    if (!condition && "true".equals(System.getenv("CI"))) {
      fail(why + " (CI=true: the machine is the test's)");
    }
    Assumptions.assumeTrue(condition, why);
  }

  Launcher.Result run(String... cmd) throws Exception {
    return Launcher.runCommand(work, Map.of(), null, List.of(cmd));
  }

  Launcher.Result ok(String... cmd) throws Exception {
    Launcher.Result r = run(cmd);
    assertThat(r.exitCode()).as(String.join(" ", cmd) + "\n" + r.out() + r.err()).isZero();
    return r;
  }

  /** Every path under /usr, /var and /etc, but logs and temp files (dpkg and cron write them). */
  TreeSet<String> systemFiles() throws Exception {
    Launcher.Result r =
        ok(
            "find",
            "/usr",
            "/var",
            "/etc",
            "-xdev",
            "(",
            "-path",
            "/var/log",
            "-o",
            "-path",
            "/var/tmp",
            ")",
            "-prune",
            "-o",
            "-print");
    return new TreeSet<>(List.of(r.out().split("\n")));
  }

  static List<String> difference(TreeSet<String> a, TreeSet<String> b) {
    return a.stream().filter(p -> !b.contains(p)).toList();
  }

  @Test
  void installedItRunsFromCronShowsItsManPageAndCompletionAndLeavesNothingWhenPurged()
      throws Exception {
    require("root".equals(System.getProperty("user.name")), "installs a package: root only");
    require(
        run("dpkg-query", "-W", "promjob").exitCode() != 0
            && !Files.exists(Path.of("/usr/bin/promjob")),
        "promjob is installed on this machine already: this test would replace it");
    require(!Files.exists(Path.of(CRON_FILE)), CRON_FILE + " exists: another run of this test?");
    require(
        javaPackageInstalled(),
        "dpkg -i needs the .deb's Depends, a Java 17 runtime package: apt-get install"
            + " default-jre-headless (this JVM is not Debian's)");
    TreeSet<String> before = systemFiles();
    Path dir = NodeExporter.readableTempDirectory("package-it");
    Files.setOwner(
        dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    try {
      try (NodeExporter node = NodeExporter.start(dir, work)) {
        ok("dpkg", "-i", PackageIT.deb().toString());
        theArchiveIsMadeAtInstallAndAfterAJdkUpgrade();
        cronRunsIt(dir, node);
        manAndCompletion();
      }
      ok("dpkg", "-r", "promjob");
      assertThat(difference(systemFiles(), before))
          .as("left by dpkg -r: dpkg's own record of a removed package, until the purge")
          .allMatch(p -> p.startsWith("/var/lib/dpkg/info/promjob."));
      ok("dpkg", "-P", "promjob");
      TreeSet<String> after = systemFiles();
      assertThat(difference(after, before)).as("left after dpkg -P").isEmpty();
      assertThat(difference(before, after)).as("removed by promjob's package").isEmpty();
    } finally {
      Files.deleteIfExists(Path.of(CRON_FILE));
      JavaChild.deleteTree(dir);
      if (run("dpkg-query", "-W", "promjob").exitCode() == 0) {
        run("dpkg", "-P", "promjob"); // a failed test leaves no package behind
      }
    }
  }

  /** Whether an installed package provides java17-runtime-headless, as the .deb's Depends want. */
  boolean javaPackageInstalled() throws Exception {
    Launcher.Result r = ok("dpkg-query", "-W", "-f", "${db:Status-Abbrev}|${Provides}\n");
    return r.out()
        .lines()
        .anyMatch(l -> l.startsWith("ii ") && l.contains("java17-runtime-headless"));
  }

  /** postinst made the archive the installed launcher maps; the JDK trigger remakes it. */
  void theArchiveIsMadeAtInstallAndAfterAJdkUpgrade() throws Exception {
    Path jsa = Path.of("/var/cache/promjob/promjob.jsa");
    assertThat(Files.getPosixFilePermissions(jsa))
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    List<String> version =
        List.of("env", "-i", "PATH=/usr/bin:/bin", "PROMJOB_JAVA_OPTS=-Xlog:cds", "promjob", "-V");
    assertThat(ok(version.toArray(String[]::new)).out())
        .contains("Opened archive " + jsa)
        .endsWith("promjob " + PackageIT.version() + "\n");

    // What dpkg does when any package changes /usr/lib/jvm (a JDK upgrade), on its own. An archive
    // that cannot be made (here: the command moved away) never fails dpkg, and says why.
    Files.delete(jsa);
    Path bin = Path.of("/usr/bin/promjob");
    Path aside = Path.of("/usr/bin/promjob.package-it");
    Files.move(bin, aside);
    try {
      ok("dpkg-trigger", "--no-await", "/usr/lib/jvm");
      Launcher.Result failed = ok("dpkg", "--triggers-only", "promjob");
      assertThat(failed.err()).contains("promjob: no class-data sharing archive made");
      assertThat(jsa).doesNotExist();
    } finally {
      Files.move(aside, bin);
    }
    ok("dpkg-trigger", "--no-await", "/usr/lib/jvm");
    assertThat(ok("dpkg", "--triggers-only", "promjob").out())
        .contains("Processing triggers for promjob");
    assertThat(jsa).isRegularFile();

    // Until then (or after update-alternatives picks another java), the archive of another build
    // is ignored and says nothing: here the same archive, its JVM's version rewritten.
    byte[] archive = Files.readAllBytes(jsa);
    String header = new String(archive, 0, 4096, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = header.indexOf(" VM (") + " VM (".length(); // "OpenJDK 64-Bit Server VM (17.0.15+6..."
    assertThat(at).as("the JVM's version in the archive's header:\n%s", header).isPositive();
    archive[at] = (byte) (archive[at] == '9' ? '8' : '9');
    Files.write(jsa, archive);
    Launcher.Result other = ok("env", "-i", "PATH=/usr/bin:/bin", "promjob", "--version");
    assertThat(other.err()).isEmpty();
    assertThat(other.out()).isEqualTo("promjob " + PackageIT.version() + "\n");
    List<String> logged = new ArrayList<>(version);
    logged.set(logged.size() - 1, "--version");
    assertThat(ok(logged.toArray(String[]::new)).out())
        .contains("created by a different version or build of HotSpot");
  }

  /** A line in /etc/cron.d, run by the real cron daemon as nobody; node_exporter serves it. */
  void cronRunsIt(Path dir, NodeExporter node) throws Exception {
    Files.writeString(
        Path.of(CRON_FILE),
        "* * * * * nobody /usr/bin/promjob run --job package_cron --textfile-dir "
            + dir
            + " -- true\n");
    Process cron = null;
    if (run("pgrep", "-x", "cron").exitCode() != 0) {
      cron = Launcher.startCommand(work, List.of("/usr/sbin/cron", "-f")).process();
    } // else the machine's own cron reads /etc/cron.d at its next minute
    try {
      String scraped = "";
      long end = System.nanoTime() + CRON_WAIT_SECONDS * 1_000_000_000L;
      while (!scraped.contains("promjob_last_run_success{job_name=\"package_cron\"} 1")) {
        assertThat(System.nanoTime())
            .as("cron ran the job within %ds", CRON_WAIT_SECONDS)
            .isLessThan(end);
        assertThat(cron == null || cron.isAlive()).as("cron is running").isTrue();
        Thread.sleep(200); // a poll of the condition, bounded above
        scraped = node.scrape();
      }
      assertThat(NodeExporter.value(scraped, "promjob_last_exit_code", "package_cron")).isZero();
      assertThat(Files.getOwner(dir.resolve("package_cron.prom")).getName()).isEqualTo("nobody");
    } finally {
      Files.deleteIfExists(Path.of(CRON_FILE));
      if (cron != null) {
        Launcher.stop(cron);
      }
    }
  }

  /** man promjob, without a terminal (unless dpkg leaves man pages out), and the completion. */
  void manAndCompletion() throws Exception {
    Path page = Path.of("/usr/share/man/man1/promjob.1.gz");
    Launcher.Result excludes = run("sh", "-c", "cat /etc/dpkg/dpkg.cfg.d/* 2>/dev/null");
    if (excludes.out().matches("(?s).*path-exclude[= ]*/usr/share/man.*")) {
      assertThat(page).doesNotExist(); // PackageIT renders the page from the .deb
    } else {
      Launcher.Result man = ok("env", "MANWIDTH=80", "man", "-P", "cat", "promjob");
      assertThat(man.out()).contains("promjob run --job NAME").contains("EXIT STATUS");
      assertThat(man.err()).isEmpty();
    }
    Launcher.Result completion =
        ok(
            "bash",
            "--norc",
            "--noprofile",
            "-c",
            "source /usr/share/bash-completion/completions/promjob; complete -p promjob;"
                + " COMP_WORDS=(promjob r); COMP_CWORD=1; _promjob; echo \"${COMPREPLY[@]}\"");
    assertThat(completion.out()).isEqualTo("complete -F _promjob promjob\nrun\n");
  }
}
