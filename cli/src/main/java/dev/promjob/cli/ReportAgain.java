package dev.promjob.cli;

import dev.promjob.Report;
import dev.promjob.Reporter;
import dev.promjob.SeveralBackendsException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * After a run's report to several backends ({@code textfile,pushgateway}) failed on some of them:
 * each backend that refused it for the command's own families gets the run again without them, and
 * only that one. The others are left as they are: a backend that delivered already holds the run (a
 * gateway that got it twice would count a failed run twice), and one that failed otherwise (a
 * gateway down) would fail again, so it is named on stderr.
 *
 * <pre>{@code
 * boolean delivered = ReportAgain.where(several, own, reporter, withoutTheirFamilies, err);
 * }</pre>
 */
final class ReportAgain {
  private ReportAgain() {}

  /**
   * @param own the command's metrics, null when none were added (then nothing is sent again)
   * @return true when every backend that failed got the run on the second try
   */
  static boolean where(
      SeveralBackendsException several,
      CommandMetrics own,
      Reporter reporter,
      Report withoutThem,
      PrintStream err) {
    boolean delivered = true;
    for (Map.Entry<String, Throwable> failed : several.failures().entrySet()) {
      String name = failed.getKey();
      Throwable failure = failed.getValue();
      if (own != null && own.clashed(failure)) {
        try {
          reporter.backendNamed(name).report(withoutThem);
          continue;
        } catch (IOException | RuntimeException again) {
          failure = again;
        }
      }
      delivered = false;
      err.println(
          "promjob: job "
              + Messages.quoted(withoutThem.job().name())
              + ": report to "
              + name
              + " failed: "
              + (failure instanceof IOException ? failure.getMessage() : failure.toString()));
    }
    return delivered;
  }
}
