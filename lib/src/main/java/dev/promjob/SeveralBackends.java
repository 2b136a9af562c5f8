package dev.promjob;

import dev.promjob.spi.Backend;
import dev.promjob.spi.Exposition;
import dev.promjob.spi.InProgressExposition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's backends taken as one ({@code textfile,pushgateway}), as {@link Reporter#backendFor}
 * returns them: every check asks each of them, and every delivery goes to each, concurrently, each
 * rendering its own text from the one report and carrying on only what it holds itself (its own
 * last success, its own failures in a row). A backend that fails, in any way, stops none of the
 * others; the error names each one that failed once all were tried ({@link FanOut}).
 */
final class SeveralBackends implements Backend {
  private final List<Backend> members;
  private final String name;

  SeveralBackends(List<Backend> members) {
    this.members = List.copyOf(members);
    List<String> names = new ArrayList<>();
    members.forEach(b -> names.add(b.name()));
    this.name = String.join(",", names);
  }

  @Override
  public String name() {
    return name;
  }

  /** Each refuses what it cannot report: the job starts only if every one accepts it. */
  @Override
  public void check(Job job) {
    for (Backend b : members) {
      b.check(job);
    }
  }

  @Override
  public void checkMetricName(String metric) {
    for (Backend b : members) {
      b.checkMetricName(metric);
    }
  }

  /** {@code textfile /dir/job.prom, pushgateway http://host:9091/metrics/job/job}. */
  @Override
  public String location(Job job) {
    List<String> each = new ArrayList<>();
    for (Backend b : members) {
      each.add(b.name() + " " + b.location(job));
    }
    return String.join(", ", each);
  }

  /** The one report, rendered by each backend with its own labels and delivered by each. */
  @Override
  public void report(Report report) throws IOException {
    FanOut.each(members, report.job(), "report", b -> b.report(report));
  }

  /** The exposition's report, rendered again by each backend with its own labels. */
  @Override
  public void publish(Exposition exposition) throws IOException {
    report(exposition.report());
  }

  @Override
  public void publishStart(InProgressExposition start) throws IOException {
    FanOut.each(
        members,
        start.job(),
        "start",
        b ->
            b.publishStart(
                InProgressExposition.of(start.inProgress(), b.labelsInText(start.job()))));
  }

  @Override
  public void delete(Job job) throws IOException {
    FanOut.each(members, job, "delete", b -> b.delete(job));
  }

  @Override
  public String toString() {
    return "SeveralBackends" + members;
  }
}
