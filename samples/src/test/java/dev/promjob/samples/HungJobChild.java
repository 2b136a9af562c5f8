package dev.promjob.samples;

import dev.promjob.Job;
import dev.promjob.Reporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A library job whose body hangs, run as its own JVM to be SIGKILLed mid-body: {@code <textfile
 * dir> <file made once the body runs>}.
 */
public final class HungJobChild {
  private HungJobChild() {}

  public static void main(String[] args) throws Exception {
    Reporter reporter = Reporter.builder().textfileDirectory(Path.of(args[0])).build();
    Job job = Job.machineBound("e2e_hung").maxRuntime(Duration.ofSeconds(2)).build();
    reporter.run(
        job,
        run -> {
          Files.createFile(Path.of(args[1]));
          Thread.sleep(600_000); // hangs until killed
        });
  }
}
