package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.textfile.FileSummary.JobNames;
import dev.promjob.textfile.FileSummary.Stamp;
import dev.promjob.textformat.TextFormat.Family;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SummaryFormatTest {
  static final Stamp STAMP = new Stamp(64769, 2172196, 1933, 1796330242048996049L, -5);

  static FileSummary backup() {
    Map<String, Family> families = new LinkedHashMap<>();
    families.put("rows_total", new Family("rows_total", "counter", "Rows\tdumped \\ \n.", 2));
    families.put("lat", new Family("lat", "histogram", null, 7));
    families.put("up", new Family("up", "gauge", "", 1));
    families.put("bs", new Family("bs", "gauge", "\\ first", 1));
    families.put("tab", new Family("tab", "gauge", "\t first", 1));
    families.put("nl", new Family("nl", "gauge", "\n first", 1));
    return new FileSummary(
        "we\\ird\tna\nme.prom",
        STAMP,
        0,
        families,
        Map.of(
            "rows_total",
            new JobNames(Set.of("db_backup", "a\tb", "c\\d", "é"), false),
            "lat",
            JobNames.MANY,
            "up",
            JobNames.NONE,
            "bs",
            new JobNames(Set.of("\\x"), false),
            "tab",
            new JobNames(Set.of("\tx"), false),
            "nl",
            new JobNames(Set.of("\nx"), false)));
  }

  static FileSummary broken() {
    return new FileSummary("broken.prom", STAMP, 12, Map.of(), Map.of());
  }

  @Test
  void whatIsRenderedIsParsedBackExactly() {
    byte[] bytes = SummaryFormat.render(List.of(backup(), broken()));
    Map<String, FileSummary> back = SummaryFormat.parse(bytes);
    assertThat(back).containsOnlyKeys("we\\ird\tna\nme.prom", "broken.prom");
    assertThat(back.get("we\\ird\tna\nme.prom")).isEqualTo(backup());
    assertThat(back.get("broken.prom")).isEqualTo(broken());
    assertThat(SummaryFormat.parse(SummaryFormat.render(List.of()))).isEmpty();
  }

  @Test
  void theTextIsOneLinePerFileAndFamilyWithAChecksum() {
    String text =
        new String(
            SummaryFormat.render(
                List.of(
                    new FileSummary(
                        "b.prom",
                        new Stamp(1, 2, 3, 4, 5),
                        0,
                        Map.of("x", new Family("x", "gauge", null, 2)),
                        Map.of("x", new JobNames(Set.of("j2", "j1"), false))))),
            StandardCharsets.UTF_8);
    String body =
        "promjob guard summary 1\nfile\tb.prom\t1\t2\t3\t4\t5\t0\nfamily\tx\tgauge\t\\-\t2\t2\tj1\tj2\n";
    assertThat(text).isEqualTo(body + "end\t" + crc(body) + "\n");
  }

  /** Each of these is one change to a valid summary: a damaged or planted one is not trusted. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "", // empty
        "promjob guard summary 2\n", // another version
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\n", // a field short
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\t9\n", // a field more
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t-1\n", // a negative line
        "promjob guard summary 1\nfile\ta.prom\t+1\t2\t3\t4\t5\t0\n", // not as rendered
        "promjob guard summary 1\nfile\ta.prom\t01\t2\t3\t4\t5\t0\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\tfive\t0\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t99999999999\n", // past an int
        "promjob guard summary 1\nfamily\tx\tgauge\th\t1\t0\n", // a family of no file
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t7\nfamily\tx\tgauge\th\t1\t0\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\nfamily\tx\tcount\th\t1\t0\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\nfamily\t\tgauge\th\t1\t0\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\nfamily\tx\tgauge\th\t0\t0\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\nfamily\tx\tgauge\th\t1\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\nfamily\tx\tgauge\th\t1\t2\tj\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\nfamily\tx\tgauge\th\t1\t2\tj\tj\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\nfamily\tx\tgauge\th\t1\t*\tj\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\nfamily\tx\tgauge\th\t1\t9\ta\tb\tc\td\te\tf\tg\th\ti\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\nfamily\tx\tgauge\th\\x\t1\t0\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\nfamily\tx\tgauge\th\\\t1\t0\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\nfamily\tx\tgauge\th\t1\t0\n"
            + "family\tx\tgauge\th\t1\t0\n", // a family twice
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\nfile\ta.prom\t1\t2\t3\t4\t5\t0\n",
        "promjob guard summary 1\nfile\ta.prom\t1\t2\t3\t4\t5\t0\n\n", // a blank line
        "promjob guard summary 1\nstray\n",
      })
  void anythingElseThanWhatIsRenderedIsNoSummary(String body) {
    byte[] sealed = (body + "end\t" + crc(body) + "\n").getBytes(StandardCharsets.UTF_8);
    assertThat(SummaryFormat.parse(sealed)).isNull();
  }

  @Test
  void aDamagedOrCutSummaryIsNoSummary() {
    byte[] good = SummaryFormat.render(List.of(backup(), broken()));
    assertThat(SummaryFormat.parse(good)).isNotNull();
    for (int i = 0; i < good.length; i++) {
      byte[] flipped = good.clone();
      flipped[i] ^= 0x01;
      assertThat(SummaryFormat.parse(flipped)).as("byte %d flipped", i).isNull();
    }
    for (int cut = 0; cut < good.length; cut++) {
      assertThat(SummaryFormat.parse(java.util.Arrays.copyOf(good, cut)))
          .as("cut at %d", cut)
          .isNull();
    }
    String body = "promjob guard summary 1\n";
    byte[] empty = (body + "end\t" + crc(body) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] notUtf8 =
        "promjob guard summary 1\nfile\t\u00ff.prom\t1\t2\t3\t4\t5\t0\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(SummaryFormat.parse(empty)).isEmpty();
    assertThat(SummaryFormat.parse(seal(notUtf8))).isNull();
  }

  @Test
  void aFileSummaryIsConsistentOrRefused() {
    Map<String, Family> one = Map.of("x", new Family("x", "gauge", null, 1));
    assertThatThrownBy(() -> new FileSummary("a", STAMP, 3, one, Map.of("x", JobNames.NONE)))
        .hasMessage("'a': not a consistent file summary");
    assertThatThrownBy(() -> new FileSummary("a", STAMP, -1, Map.of(), Map.of()))
        .hasMessage("'a': not a consistent file summary");
    assertThatThrownBy(() -> new FileSummary("a", STAMP, 0, one, Map.of()))
        .hasMessage("'a': not a consistent file summary");
    assertThatThrownBy(() -> new JobNames(Set.of("a"), true))
        .hasMessage("[a]: either many or at most 8");
  }

  @Test
  void jobNamesTurnToManyPastEight() {
    JobNames j = JobNames.NONE;
    for (int i = 1; i <= FileSummary.MAX_JOB_NAMES; i++) {
      j = j.with("job" + i).with("job" + i);
      assertThat(j.many()).isFalse();
      assertThat(j.names()).hasSize(i);
    }
    assertThat(j.mayHold("job9")).isFalse();
    assertThat(j.mayHold("job8")).isTrue();
    JobNames nine = j.with("job9");
    assertThat(nine).isEqualTo(JobNames.MANY);
    assertThat(nine.mayHold("anything")).isTrue();
    assertThat(nine.with("more")).isSameAs(nine);
  }

  @Test
  void onlySharedFamiliesCarryingTheJobNameMayHoldItsSeries() {
    FileSummary f = backup();
    assertThat(f.mayHoldSeriesOf(Set.of("rows_total"), "db_backup")).isTrue();
    assertThat(f.mayHoldSeriesOf(Set.of("rows_total"), "other")).isFalse();
    assertThat(f.mayHoldSeriesOf(Set.of("up"), "db_backup")).isFalse();
    assertThat(f.mayHoldSeriesOf(Set.of("lat"), "anyone")).isTrue(); // many names: read again
    assertThat(f.mayHoldSeriesOf(Set.of("mine", "up", "lat"), "x")).isTrue();
    assertThat(f.mayHoldSeriesOf(Set.of("mine"), "db_backup")).isFalse();
  }

  static byte[] seal(byte[] body) {
    CRC32 c = new CRC32();
    c.update(body);
    byte[] end = String.format("end\t%08x\n", c.getValue()).getBytes(StandardCharsets.US_ASCII);
    byte[] out = java.util.Arrays.copyOf(body, body.length + end.length);
    System.arraycopy(end, 0, out, body.length, end.length);
    return out;
  }

  static String crc(String body) {
    CRC32 c = new CRC32();
    c.update(body.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", c.getValue());
  }
}
