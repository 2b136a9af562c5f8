package dev.promjob.spring.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts {@link BatchApp} in this JVM with promjob's keys, and runs its jobs. */
final class BatchApps {
  private BatchApps() {}

  /**
   * The application with {@code promjob} keys as Spring properties; Boot does not launch any job at
   * start, the tests do. {@code sources} are added (such as {@link H2Repository}).
   */
  static ConfigurableApplicationContext start(Map<String, String> promjob, Class<?>... sources) {
    List<Class<?>> all = new ArrayList<>(List.of(BatchApp.class));
    all.addAll(List.of(sources));
    SpringApplication app = new SpringApplication(all.toArray(Class<?>[]::new));
    Map<String, Object> properties = new HashMap<>(promjob);
    properties.put("spring.batch.job.enabled", "false");
    properties.put("spring.main.banner-mode", "off");
    // A batch application: no web server, whatever else the test class path holds.
    properties.put("spring.main.web-application-type", "none");
    app.setDefaultProperties(properties);
    return app.run();
  }

  static JobExecution run(ConfigurableApplicationContext app, String job, JobParameters parameters)
      throws Exception {
    return app.getBean(JobOperator.class).start(app.getBean(job, Job.class), parameters);
  }

  static JobParametersBuilder parameters() {
    return new JobParametersBuilder();
  }
}
