/**
 * The reporting API: declare a {@link dev.promjob.Job}, run it through a {@link
 * dev.promjob.Reporter} as a {@link dev.promjob.Run}, record metrics on the run's registry, and the
 * run's end reports them to the job's backend, with the standard batch metrics ({@link
 * dev.promjob.BatchMetrics}).
 *
 * <pre>{@code
 * Reporter reporter = Reporter.fromConfig();
 * Job job = Job.machineBound("db_backup").expectedInterval(Duration.ofDays(1)).build();
 * reporter.run(job, run -> backup(run.registry())); // success if it returns, failure if it throws
 * }</pre>
 */
package dev.promjob;
