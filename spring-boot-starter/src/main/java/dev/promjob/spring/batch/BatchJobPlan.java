package dev.promjob.spring.batch;

import dev.promjob.Job;
import dev.promjob.Scope;
import java.time.temporal.Temporal;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * How one Spring Batch job is reported, as its configuration says, checked at start-up.
 *
 * @param batchName the Spring Batch job's name ({@code Job.getName()}), the key's segment
 * @param name the promjob job's name
 * @param scope machine-bound or service-level
 * @param labelParameters the job parameters that become grouping labels, by name
 */
record BatchJobPlan(String batchName, String name, Scope scope, List<String> labelParameters) {

  BatchJobPlan {
    Objects.requireNonNull(batchName, "batchName must not be null");
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(scope, "scope must not be null");
    labelParameters = List.copyOf(labelParameters);
  }

  /** The promjob job without grouping labels: what start-up checks against the backend. */
  Job declared() {
    return Job.builder().name(name).scope(scope).build();
  }

  /**
   * The promjob job of one execution: a grouping label for each allow-listed parameter the
   * execution has. One it lacks, or whose value is a date or time or only looks like one ({@link
   * RunBoundValues}), is left out and given to {@code leftOut} (name, why): the run still reports,
   * in the group without that label.
   */
  Job job(JobParameters parameters, BiConsumer<String, String> leftOut) {
    Job.Builder b = Job.builder().name(name).scope(scope);
    for (String p : labelParameters) {
      JobParameter<?> given = parameters.getParameter(p);
      if (given == null || given.value() == null) {
        leftOut.accept(p, "the execution has no such job parameter");
        continue;
      }
      Object v = given.value();
      if (v instanceof Date || v instanceof Temporal) {
        leftOut.accept(p, "its value is a " + given.type().getSimpleName() + ", one group per run");
        continue;
      }
      String value = String.valueOf(v);
      if (RunBoundValues.looksRunBound(value)) { // a String from Boot's command line, typically
        leftOut.accept(
            p,
            "its value '"
                + value
                + "' looks like a date, time, timestamp, id or UUID, one group per run");
        continue;
      }
      try {
        b.groupingLabel(p, value);
      } catch (IllegalArgumentException refused) {
        leftOut.accept(p, refused.getMessage());
      }
    }
    return b.build();
  }
}
