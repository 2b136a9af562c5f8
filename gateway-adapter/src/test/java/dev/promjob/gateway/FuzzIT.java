package dev.promjob.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.Run;
import dev.promjob.Scope;
import dev.promjob.spi.Backend;
import dev.promjob.spi.Exposition;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Promtool;
import dev.promjob.testing.Pushgateway;
import dev.promjob.textformat.TextFormat;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Generated metric names, label names, label values and help texts (unicode, control characters,
 * quotes, backslashes, newlines, unpaired surrogates, very long): each is refused at the API with
 * {@code '<value>': <rule>}, or arrives unchanged (help, label value, value) through promtool, the
 * real node_exporter and (one batch in ten) the real Pushgateway. Cases: {@code
 * -Dpromjobtest.fuzz.cases} (default 100 000; the long profile runs 1 000 000). Seeded: a failure
 * names its case, and reruns the same.
 */
class FuzzIT {
  static final int CASES = Integer.getInteger("promjobtest.fuzz.cases", 100_000);
  static final int BATCH = 1_000;

  record Case(int id, String name, String label, String value, String help) {
    /** Printable in a report: control characters and non-ASCII as escapes, long parts cut. */
    @Override
    public String toString() {
      return "Case "
          + id
          + " [name "
          + show(name)
          + ", label "
          + show(label)
          + ", value "
          + show(value)
          + ", help "
          + show(help)
          + "]";
    }
  }

  static String show(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.chars()
        .limit(80)
        .forEach(
            ch ->
                b.append(
                    ch >= 0x20 && ch < 0x7f
                        ? String.valueOf((char) ch)
                        : String.format("\\u%04x", ch)));
    return b.append(s.length() > 80 ? "\"…(" + s.length() + ")" : "\"").toString();
  }

  static final String[] ATOMS = {
    "a",
    "z",
    "Q",
    "_",
    ":",
    "0",
    "9",
    ".",
    "-",
    " ",
    "é",
    "ß",
    "中",
    "😀",
    "\u0000",
    "\u0007",
    "\t",
    "\n",
    "\r",
    "\\",
    "\\n",
    "\"",
    "'",
    "{",
    "}",
    "=",
    ",",
    "#",
    "\u2028",
    "\uFEFF",
    "\u00A0",
    "\uD800",
    "\uDC00",
    "__",
    "le",
    "job",
    "instance",
    "job_name",
    "quantile",
    "promjob_",
    "_total",
    "_bucket",
    "_count",
    "_sum",
    "_created",
    "NaN",
    "+Inf",
    "%2e",
    "..",
    "/",
    "\u0301",
    "\u202E",
    "𝔘"
  };

  static String plausible(Random r, int max) {
    String first = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
    String rest = first + "0123456789";
    StringBuilder b = new StringBuilder().append(first.charAt(r.nextInt(first.length())));
    for (int i = r.nextInt(max); i > 0; i--) {
      b.append(rest.charAt(r.nextInt(rest.length())));
    }
    return b.toString();
  }

  static String wild(Random r, int atoms) {
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(atoms + 1); i > 0; i--) {
      int k = r.nextInt(10);
      if (k < 6) {
        b.append(ATOMS[r.nextInt(ATOMS.length)]);
      } else if (k < 9) {
        b.append((char) (' ' + r.nextInt(95)));
      } else {
        b.appendCodePoint(r.nextInt(0x30000)); // anything, surrogate halves included
      }
    }
    if (r.nextInt(100) == 0) {
      b.append("x".repeat(5_000 + r.nextInt(15_000))); // very long
    }
    return b.toString();
  }

  static Case generate(Random r, int id) {
    String name = r.nextInt(10) < 7 ? plausible(r, 30) : wild(r, 6);
    String label = r.nextInt(10) < 7 ? plausible(r, 12) : wild(r, 4);
    String value = wild(r, 12);
    String help = r.nextInt(10) < 8 ? wild(r, 16) : plausible(r, 40);
    return new Case(id, name, label, value, help);
  }

  /** Keeps what reaches it: the API's checks all ran before. */
  static final class Memory implements Backend {
    @Override
    public String name() {
      return "memory";
    }

    @Override
    public String location(Job job) {
      return "memory";
    }

    @Override
    public void publish(Exposition exposition) {
      Report report = exposition.report();
    }

    @Override
    public void delete(Job job) {}
  }

  @Test
  void everyInputIsRefusedClearlyOrArrivesUnchanged() throws Exception {
    Random random = new Random(20261121L);
    Reporter api =
        Reporter.builder()
            .backend(Scope.MACHINE_BOUND, new Memory())
            .reportErrors(ReportErrorPolicy.THROW)
            .build();
    Job job = Job.machineBound("fuzz").build();
    Map<String, Integer> rules = new TreeMap<>();
    List<Case> accepted = new ArrayList<>();
    int refusedAtRegistration = 0;
    int refusedAtEnd = 0;
    for (int i = 0; i < CASES; i++) {
      Case c = generate(random, i);
      try (Run run = api.start(job)) {
        Gauge g;
        try {
          g =
              Gauge.builder()
                  .name(c.name())
                  .help(c.help())
                  .labelNames(c.label())
                  .register(run.registry());
        } catch (IllegalArgumentException e) {
          refusedAtRegistration++;
          rules.merge(rule(c, e), 1, Integer::sum);
          continue;
        }
        g.labelValues(c.value()).set(c.id());
        try {
          run.success();
          accepted.add(c);
        } catch (IllegalArgumentException e) {
          refusedAtEnd++;
          rules.merge(rule(c, e), 1, Integer::sum);
        }
      } catch (RuntimeException e) {
        throw new AssertionError(
            "case " + c + ": neither refused with a clear message nor accepted", e);
      }
    }

    // One metric name once in the whole directory: files may not disagree on a family's HELP.
    Set<String> names = new HashSet<>();
    List<List<Case>> batches = new ArrayList<>();
    for (Case c : accepted) {
      if (names.add(c.name())) {
        if (batches.isEmpty() || batches.get(batches.size() - 1).size() == BATCH) {
          batches.add(new ArrayList<>());
        }
        batches.get(batches.size() - 1).add(c);
      }
    }

    Path dir = NodeExporter.readableTempDirectory("promjob-fuzz-");
    Path logs = Path.of("target", "it-logs");
    int lintWarnings = 0;
    int pushed = 0;
    try (Pushgateway pg = Pushgateway.start(logs)) {
      Reporter writer =
          Reporter.builder()
              .textfileDirectory(dir)
              .config(Config.of(Map.of(PushgatewayKeys.URL, pg.url())))
              .reportErrors(ReportErrorPolicy.THROW)
              .build();
      for (int b = 0; b < batches.size(); b++) {
        PrometheusRegistry registry = new PrometheusRegistry();
        for (Case c : batches.get(b)) {
          Gauge.builder()
              .name(c.name())
              .help(c.help())
              .labelNames(c.label())
              .register(registry)
              .labelValues(c.value())
              .set(c.id());
        }
        Instant now = Instant.now();
        Job file = Job.machineBound("fuzz_" + b).build();
        writer.report(new Report(file, Outcome.SUCCESS, now, now, registry.scrape()));
        Path written = Path.of(writer.backendFor(file).location(file));
        Promtool.Result lint = Promtool.run(dir, written, "check", "metrics");
        assertTrue(
            !lint.output().contains("error while linting")
                && (lint.exitCode() == 0 || lint.exitCode() == 3),
            "promtool rejects " + written + ": " + lint.output());
        lintWarnings += (int) lint.output().lines().filter(l -> !l.isBlank()).count();
        if (b % 10 == 0) {
          writer.report(
              new Report(
                  Job.serviceLevel("fuzz_" + b).build(),
                  Outcome.SUCCESS,
                  now,
                  now,
                  registry.scrape()));
          pushed += batches.get(b).size();
        }
      }

      try (NodeExporter ne = NodeExporter.start(dir, logs)) {
        // Bounded by what is checked: a scrape of 341 000 series takes node_exporter well over
        // the harness's default 10 s (the long run failed on exactly that).
        java.time.Duration scrapeTimeout =
            java.time.Duration.ofSeconds(10).plusMillis(names.size() / 2);
        String scrape = ne.scrape(scrapeTimeout);
        assertEquals(0, NodeExporter.value(scrape, "node_textfile_scrape_error", ""));
        int checked = assertArrivedUnchanged(scrape, batches, "job_name", b -> true);
        String gateway = pg.get("/metrics", scrapeTimeout);
        int checkedPg = assertArrivedUnchanged(gateway, batches, "job", b -> b % 10 == 0);
        System.out.printf(
            "fuzz: %d cases; %d refused at registration, %d at the end of the run, %d accepted;"
                + " %d distinct names written in %d files (promtool: 0 errors, %d lint remarks),"
                + " %d series unchanged through node_exporter, %d through the Pushgateway (%d pushed)%n",
            CASES,
            refusedAtRegistration,
            refusedAtEnd,
            accepted.size(),
            names.size(),
            batches.size(),
            lintWarnings,
            checked,
            checkedPg,
            pushed);
        rules.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(12)
            .forEach(e -> System.out.printf("  refused %6d x %s%n", e.getValue(), e.getKey()));
      }
    } finally {
      JavaChild.deleteTree(dir);
    }
  }

  /** What a run's refusal of a family found only at its end says before the family's own. */
  static final String LEFT_OUT = ": left out of its report, the rest delivered: ";

  /**
   * The rule part of a refusal, after checking it names the value and the rule: promjob's as {@code
   * '<value>': <rule>}, client_java's builders (which refuse some names before promjob sees them)
   * as {@code <value>: <rule>}. A value found only at the end of the run is left out of the report
   * and named after {@link #LEFT_OUT}, with the same {@code '<value>': <rule>}.
   */
  static String rule(Case c, IllegalArgumentException e) {
    String m = e.getMessage();
    int leftOut = m == null ? -1 : m.indexOf(LEFT_OUT);
    if (leftOut >= 0) {
      m = m.substring(leftOut + LEFT_OUT.length());
    }
    boolean clientJava =
        e.getStackTrace().length > 0
            && e.getStackTrace()[0].getClassName().startsWith("io.prometheus.");
    if (m != null && clientJava) {
      for (String v : List.of(c.name(), c.label())) {
        if (m.startsWith(v + ": ")) {
          return "client_java: <value>: " + m.substring(v.length() + 2);
        }
      }
    }
    int end = m == null ? -1 : m.indexOf("': ");
    if (m == null || !m.startsWith("'") || end < 0) {
      throw new AssertionError(
          "case "
              + c
              + ": unclear refusal "
              + e.getClass().getName()
              + ": "
              + (m == null ? null : show(m))
              + " at "
              + java.util.Arrays.toString(java.util.Arrays.copyOf(e.getStackTrace(), 4)),
          e);
    }
    String rule =
        (clientJava ? "client_java: " : "")
            + m.substring(end + 3).replace(" of " + c.name() + " ", " of <metric> ");
    return rule.length() > 70 ? rule.substring(0, 70) + "…" : rule;
  }

  /**
   * Every case of the selected batches has its series in {@code text}: same help, the label value
   * unchanged, the case's id as value.
   */
  static int assertArrivedUnchanged(
      String text, List<List<Case>> batches, String jobLabel, java.util.function.IntPredicate which)
      throws IOException {
    Map<String, Double> series = new HashMap<>();
    Map<String, TextFormat.Family> families =
        TextFormat.parse(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            (family, sample, names, values, n, value) -> {
              String job = null;
              for (int i = 0; i < n; i++) {
                if (names[i].equals(jobLabel)) {
                  job = values[i];
                }
              }
              if (job != null && job.startsWith("fuzz_")) {
                for (int i = 0; i < n; i++) {
                  if (!names[i].equals("job")
                      && !names[i].equals("job_name")
                      && !names[i].equals("instance")) {
                    series.put(sample + "\0" + names[i] + "\0" + values[i], value);
                  }
                }
              }
            });
    int checked = 0;
    List<String> lost = new ArrayList<>();
    for (int b = 0; b < batches.size(); b++) {
      if (!which.test(b)) {
        continue;
      }
      for (Case c : batches.get(b)) {
        Double v = series.get(c.name() + "\0" + c.label() + "\0" + c.value());
        TextFormat.Family f = families.get(c.name());
        if (v == null || v != c.id() || f == null || !c.help().equals(f.help())) {
          lost.add(c + " -> value " + v + ", help " + (f == null ? null : f.help()));
        }
        checked++;
      }
    }
    assertTrue(
        lost.isEmpty(),
        lost.size() + " changed or lost, e.g. " + lost.subList(0, Math.min(3, lost.size())));
    return checked;
  }
}
