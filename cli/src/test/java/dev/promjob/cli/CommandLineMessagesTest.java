package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What a shell user reads when a command line cannot run: one line in the command line's words, the
 * right exit code, never a stack trace. Whole command lines through {@link Main}, in this JVM.
 */
class CommandLineMessagesTest extends MainInThisJvm {
  @Test
  void deleteOnRemoteWriteSaysWhyInOneLineAndExitsTwo() {
    int code =
        main(
            "-Dpromjob.remote_write.url=http://127.0.0.1:9/api/v1/write",
            "delete",
            "--job",
            "x",
            "--backend",
            "remote_write");

    assertThat(code).isEqualTo(2);
    assertThat(err())
        .startsWith("promjob: remote write cannot delete the series of job 'x'")
        .hasLineCount(1);
  }

  @Test
  void anUnknownBackendListsEveryBackendTextfileIncluded() {
    assertThat(main("run", "--job", "x", "--backend", "nosuch", "--", "true")).isEqualTo(2);

    assertThat(err())
        .contains("no 'nosuch' backend")
        .contains("backends found: [textfile, pushgateway, remote_write"); // + lib's test provider
  }

  @Test
  void aJobLabelIsAnsweredInTheCommandLinesWords() {
    assertThat(main("run", "--job", "x", "--label", "job=y", "--", "true")).isEqualTo(2);

    assertThat(err())
        .startsWith("promjob: 'job=y': the job label is the job's name: give it with --job\n")
        .doesNotContain("Job.builder");
  }

  @Test
  void anInstanceLabelOnAPushSuggestsAHostLabelAndOnATextfileItsRemoval() {
    Path ran = dir.resolve("ran");
    int pushed =
        main(
            "run",
            "--job",
            "x",
            "--label",
            "instance=h1",
            "--backend",
            "pushgateway",
            "--",
            "touch",
            ran.toString());
    String pushedErr = err();
    int textfile =
        main(
            "run",
            "--job",
            "x",
            "--label",
            "instance=h1",
            "--textfile-dir",
            "" + dir,
            "--",
            "true");

    assertThat(pushed).isEqualTo(2);
    assertThat(pushedErr)
        .contains("'instance=h1'")
        .contains("every host that runs job 'x' reports into one group")
        .contains("use --label host=h1")
        .doesNotContain("node_exporter");
    assertThat(textfile).isEqualTo(2);
    assertThat(err())
        .contains("node_exporter's scrape gives every series")
        .contains("remove --label instance");
    assertThat(ran).doesNotExist();
  }

  @Test
  void aBadJobNameIsNamedBeforeAnyKeyIsMadeOfIt() {
    assertThat(main("run", "--job", "bad\tname", "--backend", "pushgateway", "--", "true"))
        .isEqualTo(2);

    assertThat(err()).startsWith("promjob: 'bad\\tname': job name ").hasLineCount(1);
  }

  @Test
  void everySubcommandHasItsOwnHelpOnStdout() {
    assertThat(main("run", "--help")).isZero();
    assertThat(out())
        .isEqualTo(Help.RUN + "\n")
        .contains("--no-overlap")
        .contains("--timeout")
        .contains("$PROMJOB_METRICS_FILE");
    assertThat(err()).isEmpty();
    assertThat(main("write", "-h")).isZero();
    assertThat(out()).isEqualTo(Help.WRITE + "\n");
    assertThat(main("lint", "--format", "json", "--help")).isZero();
    assertThat(out()).isEqualTo(Help.LINT + "\n").contains("--node-exporter URL");
    assertThat(main("delete", "--job", "x", "--help")).isZero();
    assertThat(out()).isEqualTo(Help.DELETE + "\n");
    assertThat(main("--help")).isZero();
    assertThat(out()).contains("promjob SUBCOMMAND --help");
  }

  @Test
  void aHelpAfterDashesBelongsToTheCommand() {
    Path ran = dir.resolve("ran");

    int code =
        main(
            "run",
            "--job",
            "x",
            "--textfile-dir",
            "" + dir,
            "--",
            "sh",
            "-c",
            "printf %s \"$0\" > " + ran,
            "--help");

    assertThat(code).isZero();
    assertThat(ran).hasContent("--help");
    assertThat(out()).isEmpty();
  }

  @Test
  void aSecretFileThatIsNotUtf8IsAConfigurationThatCannotRunNamedNotShown() throws Exception {
    Path secret = Files.write(dir.resolve("password"), new byte[] {'p', (byte) 0xe4, 's', 's'});
    Path ran = dir.resolve("ran");

    int code =
        main(
            "-Dpromjob.pushgateway.url=http://127.0.0.1:9",
            "-Dpromjob.pushgateway.username=u",
            "-Dpromjob.pushgateway.password_file=" + secret,
            "run",
            "--job",
            "x",
            "--backend",
            "pushgateway",
            "--",
            "touch",
            ran.toString());

    assertThat(code).isEqualTo(2);
    assertThat(ran).doesNotExist();
    assertThat(err())
        .isEqualTo(
            "promjob: '"
                + secret
                + "': promjob.pushgateway.password_file holds bytes that are not UTF-8 text\n");
  }

  @Test
  void aMissingSecretFileIsAConfigurationThatCannotRun() {
    Path missing = dir.resolve("token");

    int code =
        main(
            "-Dpromjob.pushgateway.url=http://127.0.0.1:9",
            "-Dpromjob.pushgateway.bearer_token_file=" + missing,
            "delete",
            "--job",
            "x",
            "--backend",
            "pushgateway");

    assertThat(code).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "promjob: '"
                + missing
                + "': promjob.pushgateway.bearer_token_file names a file that does not exist\n");
  }
}
