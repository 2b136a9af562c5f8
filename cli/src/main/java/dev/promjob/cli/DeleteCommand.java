package dev.promjob.cli;

import dev.promjob.Config;
import dev.promjob.Reporter;
import dev.promjob.spi.Backend;
import dev.promjob.textfile.TextfileBackend;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code promjob delete --job NAME [--label K=V]...}: retires a job, as {@code Reporter.delete}
 * does: its file (only one promjob wrote for this job), or its Pushgateway group; each of them for
 * a job of several backends.
 */
final class DeleteCommand {
  private static final Set<String> VALUED =
      Set.of(Settings.JOB, Settings.LABEL, Settings.TEXTFILE_DIR, Settings.BACKEND);

  private DeleteCommand() {}

  static int main(List<String> argv, Config base) throws IOException {
    Args args = Args.parse(argv, VALUED, Set.of(), false);
    if (!args.positional().isEmpty()) {
      throw new UsageException(
          Messages.quoted(args.positional().get(0)) + ": delete takes no positional argument");
    }
    Settings settings = Settings.of(args, base, Map.of());
    Reporter reporter = settings.reporter();
    for (Backend backend : reporter.backendsFor(settings.job())) {
      if (backend instanceof TextfileBackend textfile) {
        // A typo'd directory is the configuration error run and write refuse with exit 2, not an
        // I/O failure; only the textfile check, as a Pushgateway's also judges the job's labels.
        textfile.check(settings.job());
      }
    }
    reporter.delete(settings.job());
    return 0;
  }
}
