package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.textformat.IdentitySeries;
import dev.promjob.textformat.TextFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Reading the last success back: only its family's lines, exactly this job's series. */
class LastSuccessTest {
  static final String FAMILY = "promjob_last_success_timestamp_seconds";
  static final Map<String, String> ID = Map.of("job_name", "backup", "db", "users");

  static OptionalDouble find(String text) throws IOException {
    return LastSuccess.find(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ID);
  }

  @Test
  void findsThisJobsSeriesAmongOthers() throws IOException {
    String text =
        "# HELP a_metric A.\n# TYPE a_metric gauge\na_metric{job_name=\"backup\",db=\"users\"} 7\n"
            + "# HELP "
            + FAMILY
            + " Unix time of the job's last successful run.\n# TYPE "
            + FAMILY
            + " gauge\n"
            + FAMILY
            + "{db=\"orders\",job_name=\"backup\"} 1.0E9\n"
            + FAMILY
            + "{db=\"users\",job_name=\"backup\"} 1.795255242E9\n"
            + FAMILY
            + "{db=\"users\",job_name=\"backup\",extra=\"x\"} 5\n"
            + "# HELP z_metric Z.\n# TYPE z_metric gauge\nz_metric 1\n";
    assertThat(find(text)).hasValue(1.795255242E9);
  }

  @Test
  void readsOnlyTheFamilysLines() throws IOException {
    String text =
        "this line is not text format at all {{{\n"
            + "# TYPE "
            + FAMILY
            + " gauge\n"
            + FAMILY
            + "{db=\"users\",job_name=\"backup\"} 42\n"
            + FAMILY
            + "_total{db=\"users\",job_name=\"backup\"} 43\n"
            + FAMILY
            + "x{db=\"users\",job_name=\"backup\"} 44\n"
            + "other "
            + FAMILY
            + "{db=\"users\",job_name=\"backup\"} 45\n";
    assertThat(find(text)).hasValue(42);
    assertThat(
            new String(
                IdentitySeries.linesOf(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), FAMILY),
                StandardCharsets.UTF_8))
        .isEqualTo(
            "# TYPE " + FAMILY + " gauge\n" + FAMILY + "{db=\"users\",job_name=\"backup\"} 42\n");
  }

  @Test
  void aLineThatIsOnlyTheFamilysNameIsNotOneOfItsLines() throws IOException {
    // After a longer line whose next byte was '{': what a shorter line leaves unread is not its
    // own.
    String text = FAMILY + "{db=\"users\"} 42\n" + FAMILY + "\n" + FAMILY + "\n";
    assertThat(
            new String(
                IdentitySeries.linesOf(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), FAMILY),
                StandardCharsets.UTF_8))
        .isEqualTo(FAMILY + "{db=\"users\"} 42\n");
  }

  @Test
  void aSampleWithoutLabelsAndALastLineWithoutNewline() throws IOException {
    assertThatThrownBy(
            () ->
                LastSuccess.find(
                    new ByteArrayInputStream((FAMILY + " 9").getBytes(StandardCharsets.UTF_8)),
                    Map.of()))
        .isInstanceOf(
            TextFormatException.class) // no newline at the end: refused, as node_exporter would
        .hasMessageContaining("the last line must end with");
    assertThat(
            LastSuccess.find(
                new ByteArrayInputStream((FAMILY + " 9\n").getBytes(StandardCharsets.UTF_8)),
                Map.of()))
        .hasValue(9);
  }

  @Test
  void aBrokenLineOfTheFamilyIsAnError() {
    assertThatThrownBy(() -> find(FAMILY + "{db=\"users\",job_name=\"backup\" 42\n"))
        .isInstanceOf(TextFormatException.class);
  }

  @Test
  void longLinesAcrossTheReadBuffer() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      sb.append("filler_metric{i=\"")
          .append(i)
          .append("\",pad=\"")
          .append("x".repeat(40))
          .append("\"} 1\n");
    }
    sb.append(FAMILY).append("{db=\"users\",job_name=\"backup\",note=\"\"} 77\n");
    assertThat(find(sb.toString())).hasValue(77);
  }

  @Test
  void holdsSeriesOfTellsThisJobsFileFromAnothers() throws IOException {
    String ours = "promjob_last_completion_timestamp_seconds{db=\"users\",job_name=\"backup\"} 1\n";
    String theirs =
        "promjob_last_completion_timestamp_seconds{db=\"users\",job_name=\"Backup\"} 1\n";
    assertThat(
            LastSuccess.holdsSeriesOf(
                new ByteArrayInputStream(ours.getBytes(StandardCharsets.UTF_8)), ID))
        .isTrue();
    assertThat(
            LastSuccess.holdsSeriesOf(
                new ByteArrayInputStream(theirs.getBytes(StandardCharsets.UTF_8)), ID))
        .isFalse();
  }

  @Test
  void aSeriesWithOnlyPartOfTheIdentityIsAnotherJobs() throws IOException {
    String text =
        "# TYPE "
            + FAMILY
            + " gauge\n"
            + FAMILY
            + "{job_name=\"backup\"} 1\n" // the same job without its grouping label
            + "promjob_last_completion_timestamp_seconds{job_name=\"backup\"} 1\n";
    assertThat(find(text)).isEmpty();
    assertThat(
            LastSuccess.holdsSeriesOf(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ID))
        .isFalse();
  }

  static final String CARRIED =
      "# HELP promjob_consecutive_failures F.\n# TYPE promjob_consecutive_failures gauge\n"
          + "promjob_consecutive_failures{db=\"users\",job_name=\"backup\"} 3.0\n"
          + "# HELP promjob_last_run_success S.\n# TYPE promjob_last_run_success gauge\n"
          + "promjob_last_run_success{db=\"users\",job_name=\"backup\"} 0.0\n"
          + "# HELP "
          + FAMILY
          + " T.\n# TYPE "
          + FAMILY
          + " gauge\n"
          + FAMILY
          + "{db=\"users\",job_name=\"backup\"} 1.5E9\n";

  /** A stream that counts what was read of it. */
  static final class Counted extends ByteArrayInputStream {
    Counted(String text) {
      super(text.getBytes(StandardCharsets.UTF_8));
    }

    int consumed() {
      return pos;
    }
  }

  static String others(int lines) {
    StringBuilder sb = new StringBuilder("# HELP big B.\n# TYPE big gauge\n");
    for (int i = 0; i < lines; i++) {
      sb.append("big{db=\"users\",item=\"").append(i).append("\",job_name=\"backup\"} 1\n");
    }
    return sb.toString();
  }

  /** promjob writes the carried families first and a line after them: nothing past it is read. */
  @Test
  void aFileOfTodaysLayoutIsReadUpToTheLineAfterTheCarriedFamilies() throws IOException {
    // Past the line: 200 000 lines of another family, and a broken line of the last success that
    // a read to the end would refuse.
    String text = CARRIED + LastSuccess.END + "\n" + others(200_000) + FAMILY + "{{ broken\n";
    Counted in = new Counted(text);
    var carried = LastSuccess.carried(in, ID);
    assertThat(carried.lastSuccess()).hasValue(1.5e9);
    assertThat(carried.consecutiveFailures()).hasValue(3);
    assertThat(in.consumed()).isLessThan(1 << 17).isLessThan(text.length() / 20);
  }

  /** A file an older promjob wrote (no such line, the families anywhere) is read to its end. */
  @Test
  void aFileOfTheOlderLayoutIsReadWhole() throws IOException {
    String text = others(20_000) + CARRIED + "# HELP z Z.\n# TYPE z gauge\nz 1\n";
    Counted in = new Counted(text);
    var carried = LastSuccess.carried(in, ID);
    assertThat(carried.lastSuccess()).hasValue(1.5e9);
    assertThat(carried.consecutiveFailures()).hasValue(3);
    assertThat(in.consumed()).isEqualTo(text.length());
    // The line must be the whole line: one that only starts like it stops nothing.
    String longer = others(10) + LastSuccess.END + " and more\n" + CARRIED;
    assertThat(LastSuccess.find(new Counted(longer), ID)).hasValue(1.5e9);
    String shorter = others(10) + LastSuccess.END.substring(0, 20) + "\n" + CARRIED;
    assertThat(LastSuccess.find(new Counted(shorter), ID)).hasValue(1.5e9);
  }

  /** A damaged line of a carried family before the line is refused as before. */
  @Test
  void aDamagedCarriedLineBeforeTheLineIsAnError() {
    String text = CARRIED + FAMILY + "{db=\"users\" 2\n" + LastSuccess.END + "\n";
    assertThatThrownBy(() -> LastSuccess.carried(new Counted(text), ID))
        .isInstanceOf(TextFormatException.class);
  }
}
