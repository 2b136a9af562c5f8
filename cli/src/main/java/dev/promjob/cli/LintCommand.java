package dev.promjob.cli;

import dev.promjob.Config;
import dev.promjob.Durations;
import dev.promjob.textformat.NodeExporterFamilies;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code promjob lint [DIR] [--format text|json] [--stale-after DURATION] [--user NAME]
 * [--node-exporter URL]}: exit 0 only when node_exporter would serve every file of the directory
 * whole; 1 with one finding per problem otherwise. Prints nothing when there is nothing to say (in
 * text).
 */
final class LintCommand {
  static final String FORMAT = "--format";
  static final String STALE_AFTER = "--stale-after";
  static final String USER = "--user";
  static final String NODE_EXPORTER = "--node-exporter";

  /** The user Debian's prometheus-node-exporter runs as. */
  static final String DEBIAN_USER = "prometheus";

  private LintCommand() {}

  static int main(List<String> argv, Config base, PrintStream out, PrintStream err)
      throws IOException {
    Args args = Args.parse(argv, Set.of(FORMAT, STALE_AFTER, USER, NODE_EXPORTER), Set.of(), false);
    if (args.positional().size() > 1) {
      throw new UsageException(
          Messages.quoted(args.positional().get(1)) + ": lint reads one directory");
    }
    String format = args.one(FORMAT).orElse("text");
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException(Messages.quoted(format) + ": " + FORMAT + " must be text or json");
    }
    Optional<Duration> stale = args.one(STALE_AFTER).map(v -> Durations.parse(v, STALE_AFTER));
    Path dir =
        args.positional().isEmpty()
            ? Settings.textfileDirectory(base)
            : Path.of(args.positional().get(0));
    ReaderAccess reader = ReaderAccess.of(args.one(USER).orElse(DEBIAN_USER), Path.of("/etc"));
    // A running node_exporter knows its collectors on this host; the built-in list, the defaults.
    NodeExporterFamilies served =
        args.one(NODE_EXPORTER).isPresent()
            ? NodeExporterScrape.families(args.one(NODE_EXPORTER).get())
            : NodeExporterFamilies.builtIn();
    Lint lint = new Lint(dir, reader, stale, Instant.now(), served);
    List<Finding> findings = lint.run();
    if (format.equals("json")) {
      StringBuilder sb = new StringBuilder("{\"directory\":").append(Finding.quote(dir.toString()));
      sb.append(",\"files\":").append(lint.files()).append(",\"findings\":[");
      for (int i = 0; i < findings.size(); i++) {
        sb.append(i == 0 ? "" : ",").append(findings.get(i).json());
      }
      out.println(sb.append("]}"));
    } else {
      findings.forEach(f -> out.println(f.text()));
      if (!findings.isEmpty()) {
        err.println(
            "promjob lint: "
                + findings.size()
                + (findings.size() == 1 ? " problem" : " problems")
                + " in "
                + Messages.escaped(dir.toString()));
      }
    }
    return findings.isEmpty() ? 0 : 1;
  }
}
