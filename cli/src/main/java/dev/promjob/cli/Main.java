package dev.promjob.cli;

import dev.promjob.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code promjob} command: the library's guarantees for jobs that are commands.
 *
 * <pre>{@code
 * # crontab: back up at 03:10, at most one run at a time, ended after 2 hours
 * 10 3 * * *  promjob run --job db_backup --every 1d --timeout 2h --no-overlap -- /usr/local/bin/backup
 * # weekdays at 06:30, due by 07:15
 * 30 6 * * 1-5  promjob run --job report --schedule '30 6 * * 1-5' --grace 45m -- /usr/local/bin/report
 * }</pre>
 *
 * <p>Exit codes: {@code run} exits with the command's code (128+N when signal N killed it), 124
 * when its timeout ended it, 126/127 when it could not be started, 75 when {@code --no-overlap}
 * found the previous run still running. Every subcommand exits 2 on a command line or configuration
 * it cannot run, and {@code write}, {@code lint} and {@code delete} exit 1 when they fail; {@code
 * status} exits 1 when a job is late, failed or gone and 3 when it cannot read its source.
 */
public final class Main {
  static final int USAGE = 2;

  /**
   * What {@code promjob SUB} accepts; the man page and the completion name each (PackagingTest).
   */
  static final Set<String> SUBCOMMANDS = Set.of("run", "write", "lint", "delete", "status");

  static final String USAGE_TEXT =
      String.join(
          "\n",
          "usage:",
          "  promjob run    --job NAME [--label K=V]...",
          "                 [--every DURATION | --schedule CRON [--zone ZONE] --grace DURATION]",
          "                 [--timeout DURATION] [--kill-after DURATION] [--no-overlap]",
          "                 [--max-runtime DURATION] [--in-progress | --no-in-progress]",
          "                 [--textfile-dir DIR | --backend NAME] -- COMMAND [ARG]...",
          "  promjob write  --job NAME [--label K=V]...",
          "                 [--every DURATION | --schedule CRON [--zone ZONE] --grace DURATION]",
          "                 [--textfile-dir DIR | --backend NAME] [FILE|-]",
          "  promjob lint   [DIR] [--format text|json] [--stale-after DURATION] [--user NAME]",
          "                 [--node-exporter URL]",
          "  promjob delete --job NAME [--label K=V]... [--textfile-dir DIR | --backend NAME]",
          "  promjob status [--textfile-dir DIR | --prometheus URL] [--format text|json]",
          "  promjob SUBCOMMAND --help",
          "  promjob --version",
          "",
          "Settings: -Dpromjob.KEY=VALUE before the subcommand, PROMJOB_* variables, or the file",
          "named by PROMJOB_CONFIG; flags override them. Durations: 500ms, 30s, 5m, 2h, 1d.",
          "Textfile directory by default: " + Settings.DEBIAN_TEXTFILE_DIR);

  private Main() {}

  /**
   * What {@code promjob --version} prints: the version the build wrote into the jar's manifest
   * (Implementation-Version), which a package's version is made from. Classes run from a directory
   * (the unit tests, an IDE) have no manifest.
   */
  static String version(String implementationVersion) {
    return implementationVersion == null
        ? "promjob (version unknown: not run from promjob.jar)"
        : "promjob " + implementationVersion;
  }

  public static void main(String[] args) {
    prepare();
    System.exit(run(Arrays.asList(args), Caller.stdin(), System.out, System.err));
  }

  /** What every process of the command line sets before its first command. */
  static void prepare() {
    logAsPromjob();
    // This jar ships the client_java it was built with (PackageIT): lib's check for an older one
    // first on the class path is needless here.
    System.setProperty(CLIENT_JAVA_BUNDLED, "true");
    // Run with -jar, it has no other class path: its providers are the ones it bundles (MainTest
    // compares them with the service files), and naming them spares ServiceLoader's search.
    System.setProperty(BUNDLED_PROVIDERS, PROVIDERS);
  }

  /**
   * The library's warnings (a start that cannot be published, say) on one line, as promjob's own
   * messages are, rather than java.util.logging's two with a date: cron mails every line. A format
   * or logging configuration the user gives (PROMJOB_JAVA_OPTS, -D before the subcommand) stands.
   * Only a property: logging itself still starts only when something is logged.
   */
  static void logAsPromjob() {
    if (System.getProperty(LOG_FORMAT) == null
        && System.getProperty("java.util.logging.config.file") == null) {
      System.setProperty(LOG_FORMAT, "promjob: %5$s%6$s%n");
    }
  }

  static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

  /** dev.promjob.internal.ClientJava.BUNDLED: another module's internal package is not imported. */
  static final String CLIENT_JAVA_BUNDLED = "dev.promjob.internal.clientJavaBundled";

  /** dev.promjob.internal.BundledProviders.PROPERTY, for the same reason. */
  static final String BUNDLED_PROVIDERS = "dev.promjob.internal.bundledProviders";

  /** The backend providers this jar bundles, as its merged META-INF/services file lists them. */
  static final String PROVIDERS =
      "dev.promjob.textfile.TextfileProvider,"
          + "dev.promjob.gateway.PushgatewayProvider,"
          + "dev.promjob.gateway.RemoteWriteProvider";

  /** Runs one command line; returns the exit code. */
  static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
    int i = 0;
    try {
      while (i < args.size() && args.get(i).startsWith("-D")) { // promjob -Dpromjob.x=y run ...
        String def = args.get(i++).substring(2);
        int eq = def.indexOf('=');
        if (eq <= 0) {
          throw new UsageException(Messages.quoted(def) + ": -D needs KEY=VALUE");
        }
        System.setProperty(def.substring(0, eq), def.substring(eq + 1));
      }
      if (i == args.size()) {
        throw new UsageException(
            "'': a subcommand is required: run, write, lint, delete or status");
      }
      String sub = args.get(i);
      List<String> rest = args.subList(i + 1, args.size());
      Optional<String> help =
          SUBCOMMANDS.contains(sub) ? Help.asked(sub, rest) : Optional.<String>empty();
      if (help.isPresent()) { // promjob run --help: that subcommand's help, as for promjob --help
        out.println(help.get());
        return 0;
      }
      switch (sub) {
        case "-h", "--help", "help" -> {
          out.println(USAGE_TEXT);
          return 0;
        }
        case "-V", "--version" -> {
          out.println(version(Main.class.getPackage().getImplementationVersion()));
          return 0;
        }
        case "run" -> {
          return RunCommand.main(rest, Config.load(), err);
        }
        case "write" -> {
          return WriteCommand.main(rest, Config.load(), in, err);
        }
        case "lint" -> {
          return LintCommand.main(rest, Config.load(), out, err);
        }
        case "delete" -> {
          return DeleteCommand.main(rest, Config.load());
        }
        case "status" -> {
          Map<String, String> env = System.getenv();
          Terminal terminal =
              Terminal.of(
                  env, System.getProperty(Terminal.TTY), System.getProperty(Terminal.COLUMNS));
          return StatusCommand.main(
              rest, Config.load(), out, err, env, terminal, Clock.systemDefaultZone());
        }
        default ->
            throw new UsageException(
                Messages.quoted(sub) + ": unknown subcommand: run, write, lint, delete or status");
      }
    } catch (UsageException e) {
      err.println("promjob: " + e.getMessage());
      err.println("Try 'promjob --help'.");
      return USAGE;
    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
      // The library's refusals, '<value>': <rule>: a job, label, duration or key it cannot take,
      // or what a backend cannot do at all (remote write cannot delete): retrying never helps.
      err.println("promjob: " + e.getMessage());
      return USAGE;
    } catch (IOException e) {
      err.println("promjob: " + e.getMessage());
      return 1;
    } catch (UncheckedIOException e) {
      err.println("promjob: " + e.getCause().getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("promjob: interrupted");
      return 1;
    }
  }
}
