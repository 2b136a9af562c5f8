package dev.promjob.spring.batch;

import dev.promjob.Reporter;
import dev.promjob.Run;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.core.Ordered;

/**
 * The listener every reported job gets: each {@link JobExecution} is one run, started before the
 * job and reported after it, kept here by execution id (never in the execution context, which a
 * JDBC repository serializes). Nothing it does reaches the job: every call into promjob is guarded,
 * and a failure is logged once, in one line.
 *
 * <p>First before every other listener and last after them ({@link Ordered#HIGHEST_PRECEDENCE}:
 * Spring Batch calls {@code afterJob} in reverse order), so the run covers what the others do and
 * reports the status they leave.
 */
final class JobReporting implements JobExecutionListener, Ordered {
  private static final Log LOG = LogFactory.getLog(JobReporting.class);

  private final Reporter reporter;
  private final BatchJobPlan plan;
  private final Map<Long, Run> runs = new ConcurrentHashMap<>();
  private final Set<Long> unreported = ConcurrentHashMap.newKeySet();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  JobReporting(Reporter reporter, BatchJobPlan plan) {
    this.reporter = reporter;
    this.plan = plan;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public void beforeJob(JobExecution execution) {
    try {
      runs.put(execution.getId(), start(execution));
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) { // a LinkageError too: the job must run whatever promjob's class path
      unreported.add(execution.getId());
      log(execution, "its run could not start, this execution is not reported", t);
    }
  }

  @Override
  public void afterJob(JobExecution execution) {
    if (unreported.remove(execution.getId())) {
      return; // said once at its start
    }
    Run run = runs.remove(execution.getId());
    try {
      if (run == null) {
        run = start(execution); // stopped before it started: Batch skips beforeJob, not afterJob
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      log(execution, "its run could not start, this execution is not reported", t);
      return;
    }
    try {
      StepMetrics.register(run.registry(), execution);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) { // the run is still reported, with the standard metrics
      log(execution, "its step metrics are left out", t);
    }
    try {
      finish(run, execution);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      log(execution, "report failed", t);
    }
  }

  private Run start(JobExecution execution) {
    return reporter.start(
        plan.job(
            execution.getJobParameters(),
            (parameter, why) -> {
              if (warned.add(parameter)) { // once per job and parameter, not every run
                LOG.warn(
                    "promjob: Spring Batch job '"
                        + plan.batchName()
                        + "': job parameter '"
                        + parameter
                        + "' is not a grouping label of this run: "
                        + why
                        + "; the run is reported without that label, in the job's group or file"
                        + " without it. Pass "
                        + parameter
                        + " to every execution with a value that stays the same from run to run,"
                        + " or remove it from promjob.batch.job."
                        + plan.batchName()
                        + ".labels");
              }
            }));
  }

  private void finish(Run run, JobExecution execution) {
    BatchStatus status = execution.getStatus();
    if (status == BatchStatus.COMPLETED) {
      run.success();
      return;
    }
    List<Throwable> causes = execution.getAllFailureExceptions();
    if (causes.isEmpty()) {
      run.failure();
    } else {
      // A cause of our own, so that lib adds a report error to it, never to Spring Batch's.
      run.failure(new BatchJobFailed(plan.batchName(), execution, causes));
    }
  }

  private void log(JobExecution execution, String what, Throwable t) {
    LOG.error(
        "promjob: Spring Batch job '"
            + plan.batchName()
            + "' execution "
            + execution.getId()
            + ": "
            + what
            + ": "
            + t);
  }

  /** The run's cause: the execution's failure exceptions, the first as cause. */
  static final class BatchJobFailed extends Exception {
    private static final long serialVersionUID = 1L;

    BatchJobFailed(String batchName, JobExecution execution, List<Throwable> causes) {
      super(
          "Spring Batch job '"
              + batchName
              + "' execution "
              + execution.getId()
              + " ended "
              + execution.getStatus()
              + " with "
              + causes.size()
              + " failure exception(s)",
          causes.get(0));
    }
  }
}
