package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Config;
import dev.promjob.spi.BackendProvider;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces of the packages (src/package): the man page and the bash completion name everything
 * the command accepts, as the code says it (its subcommands, the flag literals of its sources, each
 * subcommand's help, the configuration keys of lib and the backends, the PROMJOB_ variables of the
 * code and the launcher), so that a flag added without them fails here; the Debian version.
 */
class PackagingTest {
  private static final Pattern FLAG = Pattern.compile("--[a-z][a-z0-9-]*");
  private static final Pattern FLAG_LITERAL = Pattern.compile("\"(--[a-z][a-z0-9-]*)\"");
  private static final Pattern VARIABLE = Pattern.compile("PROMJOB_[A-Z0-9_]*[A-Z0-9]");

  static Path module;
  static String manPage;

  @TempDir Path dir;

  @BeforeAll
  static void read() throws IOException, URISyntaxException {
    Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    module = classes.getParent().getParent();
    // The page as it reads: roff's escaped minus is a minus, font changes and \& are nothing.
    manPage =
        Files.readString(module.resolve("src/package/promjob.1"))
            .replace("\\-", "-")
            .replaceAll("\\\\f[BIRP]", "")
            .replace("\\&", "")
            .replace("\\e", "\\");
  }

  /**
   * Every "--flag" string literal of cli's sources: what any subcommand or the launcher accepts.
   */
  static Set<String> flagsInSources() throws IOException {
    Set<String> flags = new TreeSet<>();
    try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = FLAG_LITERAL.matcher(Files.readString(f));
        while (m.find()) {
          flags.add(m.group(1));
        }
      }
    }
    Matcher m = FLAG.matcher(Files.readString(module.resolve("src/main/launcher/promjob")));
    while (m.find()) {
      flags.add(m.group()); // --make-cds-archive
    }
    return flags;
  }

  /** The flags {@code promjob SUB --help} lists. */
  static Set<String> helpFlags(String sub) {
    Set<String> flags = new TreeSet<>();
    Matcher m = FLAG.matcher(Help.asked(sub, List.of("--help")).orElseThrow());
    while (m.find()) {
      flags.add(m.group());
    }
    return flags;
  }

  static boolean namedInManPage(String text, String word) {
    return Pattern.compile("(?<![\\w.-])" + Pattern.quote(word) + "(?![\\w-]|\\.\\w)")
        .matcher(text)
        .find();
  }

  /** The man page's text from {@code .SS "promjob SUB} to the next heading. */
  static String manSection(String sub) {
    Matcher m =
        Pattern.compile("(?ms)^\\.SS \"promjob " + sub + " .*?(?=^\\.S[SH] )").matcher(manPage);
    assertThat(m.find()).as("a section .SS \"promjob %s ...\" in the man page", sub).isTrue();
    return m.group();
  }

  @Test
  void theManPageHasASectionPerSubcommandNamingEachFlagItsHelpLists() {
    assertThat(Main.SUBCOMMANDS).isNotEmpty();
    for (String sub : Main.SUBCOMMANDS) {
      String section = manSection(sub);
      assertThat(helpFlags(sub))
          .as("flags of promjob %s --help", sub)
          .isNotEmpty()
          .allSatisfy(f -> assertThat(namedInManPage(section, f)).as(f).isTrue());
    }
  }

  @Test
  void theManPageNamesEveryFlagOfTheSources() throws IOException {
    Set<String> flags = flagsInSources();
    assertThat(flags).contains("--job", "--no-overlap", "--make-cds-archive", "--version");
    assertThat(flags).allSatisfy(f -> assertThat(namedInManPage(manPage, f)).as(f).isTrue());
  }

  @Test
  void theManPageNamesEveryConfigurationKeyAndVariable() throws Exception {
    Set<String> keys = new TreeSet<>();
    for (Field f : Config.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers())
          && f.get(null) instanceof String s
          && s.startsWith(Config.PREFIX)
          && !s.equals(Config.PREFIX)) {
        keys.add(s);
      }
    }
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      if (!p.getClass().getName().startsWith("dev.promjob.testing.")) { // lib's test example
        keys.addAll(p.keys());
      }
    }
    assertThat(keys).contains("promjob.textfile.dir", "promjob.remote_write.deadline");
    assertThat(keys).allSatisfy(k -> assertThat(namedInManPage(manPage, k)).as(k).isTrue());

    Set<String> variables = new TreeSet<>();
    List<Path> sources = new ArrayList<>();
    sources.add(module.resolve("src/main/launcher/promjob"));
    try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
    }
    for (Path f : sources) {
      Matcher m = VARIABLE.matcher(Files.readString(f));
      while (m.find()) {
        variables.add(m.group());
      }
    }
    assertThat(variables).contains("PROMJOB_CONFIG", "PROMJOB_JAVA_OPTS", "PROMJOB_CDS");
    assertThat(variables).allSatisfy(v -> assertThat(manPage).as(v).contains(v));
  }

  @Test
  void theManPageGivesEveryExitCode() {
    String exit = manPage.substring(manPage.indexOf(".SH EXIT STATUS"));
    for (int code :
        new int[] {
          Main.USAGE,
          Command.TIMED_OUT,
          Command.CANNOT_EXECUTE,
          Command.NOT_FOUND,
          RunCommand.OVERLAPPED,
          1
        }) {
      assertThat(exit).as("exit code %d", code).containsPattern("(?m)^" + code + "$");
    }
  }

  /** {@code _promjob}'s COMPREPLY for the command line {@code words}, the last being completed. */
  static List<String> complete(Path work, String... words) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(List.of("/bin/bash", "--norc", "--noprofile", "-c"));
    cmd.add(
        "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); _promjob;"
            + " printf '%s\\n' \"${COMPREPLY[@]}\"");
    cmd.add("bash");
    cmd.add(module.resolve("src/package/promjob.bash-completion").toString());
    cmd.addAll(List.of(words));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("PROMJOB_"));
    pb.environment().put("LC_ALL", "C.UTF-8"); // job names such as día
    Path out = work.resolve("completion.out");
    Path err = work.resolve("completion.err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(err)).isEmpty();
    assertThat(p.exitValue()).isZero();
    return Files.readAllLines(out, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isEmpty())
        .sorted()
        .toList();
  }

  @Test
  void theCompletionOffersTheSubcommandsThenEachOnesFlags() throws Exception {
    assertThat(complete(dir, "promjob", "")).containsAll(Main.SUBCOMMANDS);
    assertThat(complete(dir, "promjob", "r")).containsExactly("run");
    assertThat(complete(dir, "promjob", "-Dpromjob.textfile.mode=0640", "w"))
        .containsExactly("write");
    for (String sub : Main.SUBCOMMANDS) {
      Set<String> expected = helpFlags(sub);
      expected.add("--help");
      assertThat(complete(dir, "promjob", sub, "--"))
          .as("promjob %s --<TAB>", sub)
          .filteredOn(w -> !w.equals("--"))
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void theCompletionOffersEveryFlagOfTheSources() throws Exception {
    Set<String> offered = new TreeSet<>(complete(dir, "promjob", "--"));
    for (String sub : Main.SUBCOMMANDS) {
      offered.addAll(complete(dir, "promjob", sub, "--"));
    }
    Set<String> flags = flagsInSources();
    flags.remove("--make-cds-archive"); // the launcher's, run once by the package, never typed
    assertThat(offered).containsAll(flags);
  }

  @Test
  void theCompletionTakesJobNamesFromTheTextfileDirectoryGiven() throws Exception {
    Files.writeString(dir.resolve("db_backup.prom"), "");
    Files.writeString(dir.resolve("smart@host_group=db.prom"), "");
    Files.writeString(dir.resolve("smart@host_group=web.prom"), "");
    Files.writeString(dir.resolve("notes.txt"), "");

    assertThat(complete(dir, "promjob", "run", "--textfile-dir", dir.toString(), "--job", ""))
        .containsExactly("db_backup", "smart");
    assertThat(complete(dir, "promjob", "delete", "--textfile-dir=" + dir, "--job", "s"))
        .containsExactly("smart");
    assertThat(complete(dir, "promjob", "run", "--backend", "p")).containsExactly("pushgateway");
    assertThat(complete(dir, "promjob", "run", "--backend", "textfile,"))
        .containsExactly("textfile,pushgateway", "textfile,remote_write");
    assertThat(complete(dir, "promjob", "run", "--backend", "pushgateway,textfile,r"))
        .containsExactly("pushgateway,textfile,remote_write");
    assertThat(complete(dir, "promjob", "lint", "--format", "")).containsExactly("json", "text");
  }

  @Test
  void afterDashDashTheWordsAreTheCommandsOwn() throws Exception {
    assertThat(complete(dir, "promjob", "run", "--job", "x", "--", "truncat"))
        .contains("truncate")
        .doesNotContain("--job");
  }

  /** {@code build-packages --debian-version V}. */
  static String debianVersion(Path work, String maven) throws Exception {
    Path out = work.resolve("version.out");
    Process p =
        new ProcessBuilder(
                module.resolve("src/package/build-packages").toString(), "--debian-version", maven)
            .redirectOutput(out.toFile())
            .redirectErrorStream(false)
            .start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() == 0 ? Files.readString(out).strip() : "exit " + p.exitValue();
  }

  /** dpkg's own comparison: {@code a op b}. */
  static boolean dpkgSays(String a, String op, String b) throws Exception {
    Process p =
        new ProcessBuilder("dpkg", "--compare-versions", a, op, b)
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() == 0;
  }

  @Test
  void aSnapshotsDebianVersionSortsBeforeItsRelease() throws Exception {
    assertThat(debianVersion(dir, "0.1.0-SNAPSHOT")).isEqualTo("0.1.0~SNAPSHOT");
    assertThat(debianVersion(dir, "1.2.3")).isEqualTo("1.2.3");
    assertThat(debianVersion(dir, "1.0-rc-1")).isEqualTo("1.0~rc.1");
    assertThat(debianVersion(dir, "v1")).isEqualTo("exit 1");

    assertThat(dpkgSays("0.1.0~SNAPSHOT", "lt", "0.1.0")).isTrue();
    assertThat(dpkgSays("0.1.0", "lt", "0.1.1~SNAPSHOT")).isTrue();
    assertThat(dpkgSays("1.0~rc.1", "lt", "1.0")).isTrue();
  }
}
