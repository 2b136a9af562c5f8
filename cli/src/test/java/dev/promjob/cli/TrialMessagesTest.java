package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a user trial of the command line read when a file or a flag was wrong: one line naming the
 * value, the key or flag and the rule in words, the exit code of the README's table, never a bare
 * path, a Java class name or a stack trace. Whole command lines through {@link Main}, in this JVM.
 */
class TrialMessagesTest extends MainInThisJvm {
  @Test
  void aFlagFollowedByAnotherFlagIsMissingItsValue() {
    Path ran = dir.resolve("ran");
    int code =
        main("run", "--job", "x", "--timeout", "--textfile-dir", "" + dir, "--", "touch", "" + ran);

    assertThat(code).isEqualTo(2);
    assertThat(err()).startsWith("promjob: '--textfile-dir': --timeout needs a DURATION\n");
    assertThat(ran).doesNotExist();
  }

  @Test
  void aFlagFollowedByTheCommandIsMissingItsValue() {
    assertThat(main("run", "--job", "x", "--textfile-dir", "--", "true")).isEqualTo(2);

    assertThat(err()).startsWith("promjob: '--': --textfile-dir needs a DIR\n");
  }

  @Test
  void deleteRefusesATypoedTextfileDirectoryAsRunAndWriteDo() {
    Path typo = dir.resolve("node-exporterr");

    int code = main("delete", "--job", "x", "--textfile-dir", "" + typo);

    assertThat(code).isEqualTo(2);
    assertThat(err())
        .startsWith("promjob: '" + typo + "': the textfile directory does not exist")
        .hasLineCount(1);
  }

  @Test
  void writeSaysWhyItCannotReadItsFile() throws Exception {
    Path missing = dir.resolve("nosuch.txt");
    Path secret = Files.writeString(dir.resolve("secret.txt"), "# HELP q Q.\nq 1\n");
    Files.setPosixFilePermissions(secret, Set.of());

    int gone = main("write", "--job", "w", "--textfile-dir", "" + dir, "" + missing);
    String goneErr = err();
    int folder = main("write", "--job", "w", "--textfile-dir", "" + dir, "" + dir);
    String folderErr = err();

    assertThat(gone).isEqualTo(1);
    assertThat(goneErr).isEqualTo("promjob: cannot read '" + missing + "': does not exist\n");
    assertThat(folder).isEqualTo(1);
    assertThat(folderErr).isEqualTo("promjob: cannot read '" + dir + "': is a directory\n");
    if (!"root".equals(System.getProperty("user.name"))) { // root reads a file of mode 000
      assertThat(main("write", "--job", "w", "--textfile-dir", "" + dir, "" + secret)).isEqualTo(1);
      assertThat(err()).isEqualTo("promjob: cannot read '" + secret + "': permission denied\n");
    }
  }

  @Test
  void aFileThisUserCannotReadIsSaidInWordsEvenWhenTheTestRunsAsRoot() {
    Path file = dir.resolve("secret.txt");

    assertThat(Messages.reason(file, new java.nio.file.AccessDeniedException("" + file)))
        .isEqualTo("permission denied");
  }

  @Test
  void aConfigurationFileThatCannotBeReadIsAConfigurationThatCannotRun() throws Exception {
    Path missing = dir.resolve("nosuch.properties");
    Path latin1 = Files.write(dir.resolve("latin1"), new byte[] {'z', '=', (byte) 0xff, '\n'});

    int gone = main("-Dpromjob.config=" + missing, "run", "--job", "x", "--", "true");
    String goneErr = err();
    int folder = main("-Dpromjob.config=" + dir, "run", "--job", "x", "--", "true");
    String folderErr = err();
    int bytes = main("-Dpromjob.config=" + latin1, "delete", "--job", "x");

    assertThat(gone).isEqualTo(2);
    assertThat(goneErr)
        .isEqualTo("promjob: '" + missing + "': promjob.config names a file that does not exist\n");
    assertThat(folder).isEqualTo(2);
    assertThat(folderErr)
        .isEqualTo("promjob: '" + dir + "': promjob.config names a directory, not a file\n");
    assertThat(bytes).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "promjob: '" + latin1 + "': promjob.config holds bytes that are not UTF-8 text\n");
  }

  @Test
  void aTrustStoreThatCannotBeUsedIsAConfigurationThatCannotRun() throws Exception {
    Path text = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    Path missing = dir.resolve("nosuch.p12");
    Path ran = dir.resolve("ran");
    String url = "-Dpromjob.pushgateway.url=https://127.0.0.1:9";
    String password = "-Dpromjob.pushgateway.truststore_password=hunter2";

    int notAStore =
        main(
            url,
            "-Dpromjob.pushgateway.truststore=" + text,
            password,
            "run",
            "--job",
            "x",
            "--backend",
            "pushgateway",
            "--",
            "touch",
            "" + ran);
    String notAStoreErr = err();
    int gone =
        main(
            url,
            "-Dpromjob.pushgateway.truststore=" + missing,
            "delete",
            "--job",
            "x",
            "--backend",
            "pushgateway");

    assertThat(notAStore).isEqualTo(2);
    assertThat(notAStoreErr)
        .isEqualTo(
            "promjob: '"
                + text
                + "': promjob.pushgateway.truststore names a file that is not a PKCS12 or JKS"
                + " trust store\n");
    assertThat(ran).doesNotExist();
    assertThat(gone).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "promjob: '"
                + missing
                + "': promjob.pushgateway.truststore names a file that does not exist\n");
  }
}
