package dev.promjob.cli;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What {@code promjob --make-cds-archive} runs in the JVM that writes the class-data sharing
 * archive: the archive holds the classes that JVM loaded, so it runs both paths cron takes, {@code
 * run} (with a command that writes its own metrics, parsed by {@code write}'s rules) and {@code
 * write} (twice: the second replaces a previous file, as every run but the first does).
 *
 * <pre>{@code
 * java -XX:ArchiveClassesAtExit=promjob.jsa -cp promjob.jar dev.promjob.cli.CdsTraining /tmp/dir
 * }</pre>
 */
public final class CdsTraining {
  static final String METRIC = "# HELP cds_training_items Items.\ncds_training_items 1\n";

  private CdsTraining() {}

  /**
   * Runs the training jobs into the throw-away textfile directory {@code args[0]}; exits 0 if each
   * succeeded.
   */
  public static void main(String[] args) {
    Main.prepare();
    System.exit(train(args[0]));
  }

  static int train(String dir) {
    int code =
        Main.run(
            Arrays.asList( // what main passes on: its classes are the archive's
                "run",
                "--job",
                "cds_archive",
                "--textfile-dir",
                dir,
                "--no-overlap",
                "--",
                "/bin/sh",
                "-c",
                "printf '" + METRIC.replace("\n", "\\n") + "' >\"$PROMJOB_METRICS_FILE\""),
            Caller.stdin(),
            System.out,
            System.err);
    for (int i = 0; i < 2 && code == 0; i++) {
      code =
          Main.run(
              Arrays.asList("write", "--job", "cds_write", "--textfile-dir", dir),
              new ByteArrayInputStream(METRIC.getBytes(StandardCharsets.UTF_8)),
              System.out,
              System.err);
    }
    return code;
  }
}
