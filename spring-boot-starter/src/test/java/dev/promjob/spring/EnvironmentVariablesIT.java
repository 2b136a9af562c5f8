package dev.promjob.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.JavaChild;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Environment variables in a real Spring Boot application: a JVM of its own ({@link
 * ConfigReportApp}) started with nothing in its environment but the {@code PROMJOB_*} variables
 * given (as {@code env -i} would), reading application.yml and the nightly profile.
 */
class EnvironmentVariablesIT {

  record Result(int exit, String out) {}

  static Result run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(0, "--spring.config.location=classpath:/promjob-env/application.yml");
    all.add(1, "--spring.profiles.active=nightly");
    ProcessBuilder pb =
        new ProcessBuilder(
            JavaChild.command(ConfigReportApp.class, false, all.toArray(String[]::new)));
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes(); // until the child closes it: it has exited
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void anEnvironmentVariableBeatsTheProfileAndApplicationYmlInLibsAndSpringsForms()
      throws Exception {
    Result r =
        run(
            Map.of(
                "PROMJOB_TEXTFILE_DIR", "/from/env",
                "PROMJOB_TEXTFILE_LOCK_TIMEOUT", "13s",
                "PROMJOB_JOB_NIGHTLY_EXPORT_BACKEND", "pushgateway",
                "PROMJOB_PUSHGATEWAY_URL", "http://127.0.0.1:9",
                "PROMJOB_JOB_WEEKLY_BACKEND", "textfile",
                "PROMJOB_JOB_IMPORTJOB_MAXRUNTIME", "3h",
                "PROMJOB_METRICS_FILE", "/tmp/not-configuration"));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("dir=/from/env\n") // over the profile's /from/profile and yml's /from/yml
        .contains("lock_timeout=13s\n") // over yml's lock-timeout: 7s
        .contains("guard=warn\n") // yml's, set nowhere else
        .contains("nightly-export=pushgateway\n") // over yml's textfile
        .contains("weekly=textfile\n") // set by its variable only
        .contains("importJob.max_runtime=3h\n"); // Spring's form, over yml's 2h
  }

  @Test
  void springsVariableFormOfAnUnderscoredKey() throws Exception {
    Result r = run(Map.of("PROMJOB_TEXTFILE_LOCKTIMEOUT", "15s"));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("lock_timeout=15s\n");
  }

  @Test
  void commandLineArgumentsBeatEnvironmentVariables() throws Exception {
    Result r =
        run(
            Map.of("PROMJOB_TEXTFILE_DIR", "/from/env", "PROMJOB_JOB_WEEKLY_BACKEND", "textfile"),
            "--promjob.textfile.dir=/from/arg",
            "--promjob.job.weekly.backend=pushgateway",
            "--promjob.pushgateway.url=http://127.0.0.1:9");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("dir=/from/arg\n").contains("weekly=pushgateway\n");
  }

  @Test
  void anUnknownVariableStopsTheStartNamingItsOrigin() throws Exception {
    Result r =
        run(Map.of("PROMJOB_TEXTFILE_DIRR", "/typo", "PROMJOB_PUSHGATEWAY_PASSWORD", "s3cret"));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains("APPLICATION FAILED TO START")
        .contains(
            "'PROMJOB_TEXTFILE_DIRR' is not a promjob configuration key: no part of promjob (lib,"
                + " its installed backends, the integrations) reads it.\n\n"
                + "    Origin: System Environment Property \"PROMJOB_TEXTFILE_DIRR\"\n")
        .contains("Known keys near it: promjob.textfile.dir,")
        .doesNotContain("s3cret");
  }
}
