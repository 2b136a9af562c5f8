package dev.promjob.textformat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.spi.Carried;
import dev.promjob.spi.Exposition;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.StateSet;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sample lines of rendered text are not checked as they stream out (only their names are read):
 * this shows the strict reader accepts every shape client_java renders from snapshots, the identity
 * labels merged in, and finds the families the streaming check finds. Label values that need
 * escaping, a CR, a tab, non-ASCII, every metric type, NaN and infinities, label names before,
 * between and after the identity's.
 */
class RenderedTextTest {
  static final String[] VALUES = {
    "x", "", "a\"b", "c\\d", "line\nbreak", "cr\rhere", "tab\there", "é✓𝄞", "}", "a,b", "=\"", " "
  };
  static final String[] NAMES = {"a", "b_x", "dbase", "host", "k", "region", "zone", "zz"};

  @Test
  void theStrictReaderAcceptsEveryShapeRenderedAndFindsTheSameFamilies() throws IOException {
    Random r = new Random(24);
    for (int trial = 0; trial < 1_000; trial++) {
      PrometheusRegistry reg = new PrometheusRegistry();
      String[] labels = pick(r, r.nextInt(4));
      Counter.builder()
          .name("c")
          .help(VALUES[r.nextInt(VALUES.length)] + "c \\ help\nx")
          .labelNames(labels)
          .register(reg)
          .labelValues(values(r, labels.length))
          .inc(r.nextInt(5));
      Gauge g = Gauge.builder().name("g").help("g").labelNames(labels).register(reg);
      g.labelValues(values(r, labels.length)).set(r.nextGaussian() * Math.pow(10, r.nextInt(40)));
      g.labelValues(values(r, labels.length)).set(Double.NaN);
      g.labelValues(values(r, labels.length)).set(Double.NEGATIVE_INFINITY);
      Gauge.builder().name("empty").help("No series.").labelNames("k").register(reg);
      Histogram.builder()
          .name("h_seconds")
          .help("h")
          .labelNames(labels)
          .classicUpperBounds(1e-9, 0.5, 1, 1e21)
          .register(reg)
          .labelValues(values(r, labels.length))
          .observe(r.nextDouble());
      Summary.builder()
          .name("s")
          .help("s")
          .labelNames(labels)
          .quantile(0.5)
          .quantile(0.999)
          .register(reg)
          .labelValues(values(r, labels.length))
          .observe(3);
      Info.builder()
          .name("i")
          .help("i")
          .labelNames("version")
          .register(reg)
          .setLabelValues(VALUES[r.nextInt(VALUES.length)]);
      StateSet.builder()
          .name("st")
          .help("st")
          .labelNames(pick(r, 1))
          .states("a", "b")
          .register(reg)
          .labelValues(values(r, 1))
          .setTrue("a");
      Job.Builder job = Job.machineBound("job_" + trial);
      for (String n : pick(r, r.nextInt(3))) {
        job.groupingLabel("id_" + n, VALUES[r.nextInt(VALUES.length)].isEmpty() ? "v" : "w\"\\");
      }
      Instant end = Instant.ofEpochSecond(1_700_000_000L + trial);
      Report report =
          new Report(
              job.build(),
              r.nextBoolean() ? Outcome.SUCCESS : Outcome.FAILURE,
              end.minusMillis(r.nextInt(100_000)),
              end,
              reg.scrape());
      Exposition e = Exposition.of(report, report.job().identityLabels());
      Carried held = Carried.of(OptionalDouble.of(1.6e9), OptionalLong.of(r.nextInt(3)));

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CheckedText checked = new CheckedText(bytes);
      checked.write("# Written by promjob.\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      checked.rendered(
          o ->
              e.writeText(
                  o,
                  held,
                  Set.of("promjob_last_success_timestamp_seconds"),
                  "# promjob: a line between\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      checked.flush();
      assertThat(
              TextFormat.parse(
                  new ByteArrayInputStream(bytes.toByteArray()), TextFormat.SampleHandler.NONE))
          .as("trial %d", trial)
          .isEqualTo(checked.families());
    }
  }

  static String[] pick(Random r, int n) {
    List<String> all = new ArrayList<>(List.of(NAMES));
    java.util.Collections.shuffle(all, r);
    return all.subList(0, n).toArray(String[]::new);
  }

  static String[] values(Random r, int n) {
    String[] v = new String[n];
    for (int i = 0; i < n; i++) {
      v[i] = VALUES[r.nextInt(VALUES.length)];
    }
    return v;
  }
}
