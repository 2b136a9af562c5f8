package dev.promjob.textfile;

import dev.promjob.Enforcement;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.spi.Carried;
import dev.promjob.spi.Exposition;
import dev.promjob.spi.InProgressExposition;
import dev.promjob.textformat.CheckedText;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The changes {@link TextfileBackend} makes to a job's file under its lock: a report's and a
 * start's. Records rather than lambdas: each lambda costs a cold process about 1 ms on its first
 * use, and a one-shot job's process makes exactly one report.
 */
final class Publish {
  private Publish() {}

  /** A report: the previous file's last success carried, the runs in progress counted. */
  record Report(Path directory, AtomicReplace replace, Enforcement guard, Exposition exposition)
      implements UnderLock.Change {
    @Override
    public boolean make(Path target) throws IOException {
      Job job = exposition.job();
      Path legacy = OwnedFile.legacy(directory, job, target);
      Carried previous =
          OwnedFile.carried(target, legacy, job, exposition.outcome() == Outcome.FAILURE);
      InProgressFile runs = InProgressFile.afterReport(target, exposition);
      Exposition counted = runs.counted(exposition);
      replace.replace(
          FileNames.base(job),
          target,
          new ReportBody(runs, counted, previous),
          new Guard(guard, target, legacy, job));
      if (legacy != null) {
        OwnedFile.deleteLegacy(legacy);
      }
      return true;
    }
  }

  /**
   * A start, written as the previous file with the start's families (and the runs listed): the last
   * success and every other series stay visible while the job runs.
   */
  record Start(AtomicReplace replace, Enforcement guard, InProgressExposition start)
      implements UnderLock.Change {
    @Override
    public boolean make(Path target) throws IOException {
      Job job = start.job();
      InProgressFile runs = InProgressFile.read(target, job, true).with(start.inProgress());
      replace.replace(
          FileNames.base(job),
          target,
          new StartBody(runs, start),
          new Guard(guard, target, null, job));
      return true;
    }
  }

  private record ReportBody(InProgressFile runs, Exposition counted, Carried previous)
      implements AtomicReplace.Body {
    @Override
    public void writeTo(CheckedText out) throws IOException {
      runs.writeReport(out, counted, previous);
    }
  }

  private record StartBody(InProgressFile runs, InProgressExposition start)
      implements AtomicReplace.Body {
    @Override
    public void writeTo(CheckedText out) throws IOException {
      runs.writeStart(out, start);
    }
  }

  /** The directory guard, before the rename; {@code replaced} is a legacy file or null. */
  private record Guard(Enforcement guard, Path target, Path replaced, Job job)
      implements AtomicReplace.BeforeRename {
    @Override
    public void check(NewFile file) throws IOException {
      DirectoryGuard.enforce(guard, file, target, replaced, job.identityLabels());
    }
  }
}
