package dev.promjob.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.StateSet;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Streaming the identity labels into client_java's text gives exactly the bytes of client_java's
 * text of relabelled snapshots: every metric type, label names before, between and after the
 * identity's, values that need escaping.
 */
class IdentityLabelsOutputStreamTest {
  static final PrometheusTextFormatWriter WRITER =
      PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build();
  static final String[] NAMES = {
    "a", "b_x", "dbase", "host", "job_namex", "k", "m", "region", "table", "zone", "zz"
  };
  static final String[] VALUES = {"x", "", "a\"b", "c\\d", "line\nbreak", "é✓", "}", "a,b", "=\""};

  static String viaRelabel(MetricSnapshots s, Labels identity) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WRITER.write(out, Relabel.withLabels(s, identity), EscapingScheme.UNDERSCORE_ESCAPING);
    return out.toString(StandardCharsets.UTF_8);
  }

  static String viaStream(MetricSnapshots s, Labels identity) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStream labelled = new IdentityLabelsOutputStream(out, identity, s);
    WRITER.write(labelled, s, EscapingScheme.UNDERSCORE_ESCAPING);
    labelled.flush();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void givesTheBytesOfRelabelledSnapshotsForEveryType() throws IOException {
    Random r = new Random(7);
    for (int trial = 0; trial < 2_000; trial++) {
      PrometheusRegistry reg = new PrometheusRegistry();
      String[] labels = pick(r, 3);
      Counter.builder()
          .name("c")
          .help("c \\ help\nx")
          .labelNames(labels)
          .register(reg)
          .labelValues(values(r, labels.length))
          .inc(r.nextInt(5));
      Gauge.builder().name("g").help("g").labelNames(pick(r, 2)).register(reg);
      Gauge g = Gauge.builder().name("g2").help("g2").labelNames(labels).register(reg);
      g.labelValues(values(r, labels.length)).set(r.nextGaussian() * 1e6);
      g.labelValues(values(r, labels.length)).set(Double.NaN);
      Gauge.builder().name("plain").help("p").register(reg).set(-0.0);
      Gauge.builder()
          .name("zone")
          .help("A gauge with a label named like itself.")
          .labelNames("zone", "a")
          .register(reg)
          .labelValues("z", "1")
          .set(1);
      Histogram.builder()
          .name("h_seconds")
          .help("h")
          .labelNames(labels)
          .classicOnly()
          .register(reg)
          .labelValues(values(r, labels.length))
          .observe(r.nextDouble());
      Histogram.builder().name("n").help("n").nativeOnly().register(reg).observe(2);
      Summary.builder()
          .name("s")
          .help("s")
          .labelNames(pick(r, 2))
          .quantile(0.5)
          .quantile(0.99)
          .register(reg)
          .labelValues(values(r, 2))
          .observe(3);
      Info.builder()
          .name("i")
          .help("i")
          .labelNames("version")
          .register(reg)
          .setLabelValues(VALUES[r.nextInt(VALUES.length)]);
      String[] stateLabels = pick(r, 1 + r.nextInt(2));
      StateSet.builder()
          .name("st")
          .help("st")
          .labelNames(stateLabels)
          .states("a", "b")
          .register(reg)
          .labelValues(values(r, stateLabels.length))
          .setTrue("a");
      MetricSnapshots s = reg.scrape();
      Labels identity = identity(r);
      assertEquals(
          viaRelabel(s, identity),
          viaStream(s, identity),
          "trial " + trial + ", identity " + identity);
    }
  }

  @Test
  void handlesManyLabelsAndLongLines() throws IOException {
    PrometheusRegistry reg = new PrometheusRegistry();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      names.add("l" + i);
    }
    Gauge g =
        Gauge.builder()
            .name("wide")
            .help("w")
            .labelNames(names.toArray(String[]::new))
            .register(reg);
    String[] values = new String[100];
    for (int i = 0; i < 100; i++) {
      values[i] = "v".repeat(i * 10);
    }
    g.labelValues(values).set(1);
    Labels identity = Labels.of("job_name", "j", "l50x", "mid");
    assertEquals(viaRelabel(reg.scrape(), identity), viaStream(reg.scrape(), identity));
  }

  @Test
  void passesCommentsAndBlankLinesThrough() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStream labelled =
        new IdentityLabelsOutputStream(out, Labels.of("job_name", "j"), MetricSnapshots.of());
    labelled.write("# a comment {x=\"1\"}\n\nm 1.0\n".getBytes(StandardCharsets.UTF_8));
    labelled.flush();
    assertEquals(
        "# a comment {x=\"1\"}\n\nm{job_name=\"j\"} 1.0\n", out.toString(StandardCharsets.UTF_8));
  }

  static Labels identity(Random r) {
    TreeSet<String> names = new TreeSet<>(List.of("job_name"));
    String[] grouping = {"aa", "database", "host_group", "zzz", "site"};
    for (String n : grouping) {
      if (r.nextInt(3) == 0) {
        names.add(n);
      }
    }
    List<String> kv = new ArrayList<>();
    for (String n : names) {
      kv.add(n);
      kv.add(VALUES[r.nextInt(VALUES.length)]);
    }
    return Labels.of(kv.toArray(String[]::new));
  }

  static String[] pick(Random r, int n) {
    TreeSet<String> out = new TreeSet<>();
    while (out.size() < n) {
      out.add(NAMES[r.nextInt(NAMES.length)]);
    }
    List<String> shuffled = new ArrayList<>(out);
    java.util.Collections.shuffle(shuffled, r);
    return shuffled.toArray(String[]::new);
  }

  static String[] values(Random r, int n) {
    String[] v = new String[n];
    for (int i = 0; i < n; i++) {
      v[i] = VALUES[r.nextInt(VALUES.length)];
    }
    return v;
  }

  /** The same text byte by byte, in odd chunks, and in one piece: the same bytes come out. */
  @Test
  void anyChunkingGivesTheSameBytesAndATruncatedTextIsRefused() throws IOException {
    io.prometheus.metrics.model.registry.PrometheusRegistry r =
        new io.prometheus.metrics.model.registry.PrometheusRegistry();
    io.prometheus.metrics.core.metrics.Gauge g =
        io.prometheus.metrics.core.metrics.Gauge.builder()
            .name("chunk_items")
            .help("Items.")
            .labelNames("k")
            .register(r);
    for (int i = 0; i < 300; i++) {
      g.labelValues("v" + "x".repeat(i % 40) + i).set(i);
    }
    MetricSnapshots s = r.scrape();
    Labels identity = Labels.of("job_name", "chunks", "site", "a\"b");
    java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
    WRITER.write(plain, s, EscapingScheme.UNDERSCORE_ESCAPING);
    byte[] text = plain.toByteArray();
    String expected = viaRelabel(s, identity);
    for (int chunk : new int[] {1, 7, 64, 4096, text.length}) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      try (IdentityLabelsOutputStream labelled = new IdentityLabelsOutputStream(out, identity, s)) {
        for (int off = 0; off < text.length; off += chunk) {
          int len = Math.min(chunk, text.length - off);
          if (chunk == 1) {
            labelled.write(text[off]);
          } else {
            labelled.write(text, off, len);
          }
        }
      }
      assertEquals(expected, out.toString(StandardCharsets.UTF_8), "chunks of " + chunk);
    }
    IdentityLabelsOutputStream cut =
        new IdentityLabelsOutputStream(new java.io.ByteArrayOutputStream(), identity, s);
    cut.write(text, 0, text.length - 1);
    IOException e = assertThrows(IOException.class, cut::close);
    assertEquals("text ends without a newline", e.getMessage());
  }

  /**
   * The text is not read back before it reaches node_exporter: a line the merge would give a label
   * twice, or that carries a timestamp, is refused as it streams through.
   */
  @Test
  void refusesALabelTheIdentityHasAndATimestamp() {
    Labels identity = Labels.of("job_name", "j", "mode", "full");
    for (String line :
        new String[] {
          "st{mode=\"a\"} 1.0\n", // a state set named like a grouping label
          "g{a=\"1\",job_name=\"x\"} 1.0\n",
          "g{mode=\"x\",zone=\"1\"} 1.0\n",
        }) {
      OutputStream labelled =
          new IdentityLabelsOutputStream(new ByteArrayOutputStream(), identity, stateSet("st"));
      assertThrows(
          IOException.class,
          () -> labelled.write(("# TYPE st gauge\n" + line).getBytes(StandardCharsets.UTF_8)),
          line);
    }
    for (String line : new String[] {"g 1.0 17\n", "g{a=\"x y\"} 1.0 17\n", "g{a=\"b\"} 1 \n"}) {
      OutputStream labelled =
          new IdentityLabelsOutputStream(
              new ByteArrayOutputStream(), identity, MetricSnapshots.of());
      IOException e =
          assertThrows(
              IOException.class, () -> labelled.write(line.getBytes(StandardCharsets.UTF_8)), line);
      assertEquals(true, e.getMessage().contains("a sample has a timestamp"), e.getMessage());
    }
  }

  static MetricSnapshots stateSet(String name) {
    PrometheusRegistry reg = new PrometheusRegistry();
    StateSet.builder().name(name).help("s").states("a", "b").register(reg).setTrue("a");
    return reg.scrape();
  }
}
