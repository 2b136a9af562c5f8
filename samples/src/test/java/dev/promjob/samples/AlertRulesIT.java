package dev.promjob.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promjob.BatchMetrics;
import dev.promjob.testing.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped scrape config and alert rules, checked and unit-tested by the real promtool. */
class AlertRulesIT {
  static final Path DIR = Path.of("prometheus");
  static final Path RULES = DIR.resolve("promjob-alerts.yml");
  static final Path TESTS = DIR.resolve("promjob-alerts.test.yml");

  @Test
  void scrapeConfigIsValid() throws IOException {
    Promtool.Result r =
        Promtool.run(DIR, null, "check", "config", "prometheus.yml").assertSucceeded();
    assertThat(r.output()).contains("1 rule files found");
  }

  @Test
  void rulesAreValid() throws IOException {
    Promtool.Result r =
        Promtool.run(DIR, null, "check", "rules", "promjob-alerts.yml").assertSucceeded();
    assertThat(r.output()).contains("SUCCESS: " + alerts().size() + " rules found");
  }

  @Test
  void ruleUnitTestsPass() throws IOException {
    Promtool.Result r =
        Promtool.run(DIR, null, "test", "rules", "promjob-alerts.test.yml").assertSucceeded();
    System.out.println("promtool test rules promjob-alerts.test.yml:\n" + r.output());
    assertThat(r.output()).contains("SUCCESS");
  }

  /** A rule test that only ever expects silence would pass for a rule that never fires. */
  @Test
  void everyAlertIsTestedFiringAndNotFiring() throws IOException {
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    List<String> lines = Files.readAllLines(TESTS);
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = Pattern.compile("^\\s*alertname: (\\S+)$").matcher(lines.get(i));
      if (m.matches()) {
        String next = lines.get(i + 1).trim();
        (next.equals("exp_alerts: []") ? silent : firing).add(m.group(1));
      }
    }
    assertEquals(alerts(), firing, "alerts with a firing case");
    assertEquals(alerts(), silent, "alerts with a not-firing case");
  }

  /** A renamed metric would leave the rules alerting on nothing. */
  @Test
  void rulesUseTheMetricsPromjobExports() throws IOException {
    String rules = Files.readString(RULES);
    for (String metric :
        List.of(
            BatchMetrics.LAST_SUCCESS,
            BatchMetrics.EXPECTED_INTERVAL,
            BatchMetrics.LAST_RUN_SUCCESS,
            BatchMetrics.LAST_COMPLETION)) {
      assertThat(rules).contains(metric);
    }
  }

  static Set<String> alerts() throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\s*- alert: (\\S+)$").matcher(Files.readString(RULES));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
