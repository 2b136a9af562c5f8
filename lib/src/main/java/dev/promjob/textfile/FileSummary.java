package dev.promjob.textfile;

import dev.promjob.BatchMetrics;
import dev.promjob.textformat.TextFormat;
import dev.promjob.textformat.TextFormat.Family;
import dev.promjob.textformat.TextFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * What the textfile guard needs to know of another {@code *.prom} file of the directory, small
 * enough to keep in the {@linkplain DirectorySummary directory's summary}: the file's families
 * (name, TYPE, HELP) and, per family, the {@code job_name} values its series carry. Only a series
 * carrying the new file's identity labels can duplicate one of the new file's series, so a file
 * whose shared families carry none of the new file's job name needs no re-reading.
 *
 * @param name the file's name in the directory
 * @param stamp what the file was when it was read; a file that no longer matches is read again
 * @param badLine the line of the format error that makes node_exporter skip the file, or 0
 * @param families the families node_exporter reads from it (none when {@code badLine} is set)
 * @param jobs per family, the {@code job_name} values of its series
 */
record FileSummary(
    String name,
    Stamp stamp,
    int badLine,
    Map<String, Family> families,
    Map<String, JobNames> jobs) {

  /** Beyond this many job names in one family a summary says "many": the file is read again. */
  static final int MAX_JOB_NAMES = 8;

  FileSummary {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(stamp, "stamp");
    families = Map.copyOf(families);
    jobs = Map.copyOf(jobs);
    if (badLine < 0
        || badLine > 0 && !families.isEmpty()
        || !families.keySet().equals(jobs.keySet())) {
      throw new IllegalArgumentException("'" + name + "': not a consistent file summary");
    }
  }

  /**
   * Reads the file at {@code path} in full (following links, as node_exporter does), passing each
   * sample to {@code series}; a format error node_exporter would skip the file for is summarised as
   * its line.
   *
   * @throws IOException if it cannot be read
   */
  static FileSummary read(Path path, String name, Stamp stamp, TextFormat.SampleHandler series)
      throws IOException {
    Map<String, JobNames> jobs = new HashMap<>();
    Map<String, Family> families;
    int badLine = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      families =
          TextFormat.parse(
              in,
              (family, sample, names, values, n, value) -> {
                for (int i = 0; i < n; i++) {
                  if (names[i].equals(BatchMetrics.JOB_NAME_LABEL)) {
                    JobNames had = jobs.getOrDefault(family, JobNames.NONE);
                    JobNames now = had.with(values[i]);
                    if (now != had) {
                      jobs.put(family, now);
                    }
                    break;
                  }
                }
                series.sample(family, sample, names, values, n, value);
              });
    } catch (TextFormatException e) {
      badLine = e.line();
      families = Map.of();
    }
    Map<String, JobNames> perFamily = new HashMap<>();
    for (String f : families.keySet()) {
      perFamily.put(f, jobs.getOrDefault(f, JobNames.NONE));
    }
    return new FileSummary(name, stamp, badLine, families, perFamily);
  }

  /**
   * Whether a series of this file could be one of a new file's: a family of {@code ours} that this
   * file has too, whose series may carry {@code jobName}.
   */
  boolean mayHoldSeriesOf(Collection<String> ours, String jobName) {
    Objects.requireNonNull(jobName, "jobName"); // every job's identity has one
    for (String family : ours) {
      JobNames j = jobs.get(family);
      if (j != null && j.mayHold(jobName)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A file's identity and version as {@code stat} tells them: device and inode (a file replaced by
   * a rename is another inode), size, and the modification and change times in nanoseconds. The
   * change time cannot be set by anyone: any write, chmod or rename of the inode moves it.
   */
  record Stamp(long dev, long ino, long size, long mtimeNanos, long ctimeNanos) {

    /** Where the file system has no {@code unix} attributes: never in a summary. */
    static final Stamp NONE = new Stamp(0, 0, -1, 0, 0);

    /** The attributes to ask for, in one {@code stat}: {@code Files.readAttributes(p, UNIX)}. */
    static final String UNIX = "unix:dev,ino,size,lastModifiedTime,ctime,isRegularFile,mode";

    static Stamp of(Map<String, Object> unix) {
      return new Stamp(
          ((Number) unix.get("dev")).longValue(),
          ((Number) unix.get("ino")).longValue(),
          ((Number) unix.get("size")).longValue(),
          nanos(unix.get("lastModifiedTime")),
          nanos(unix.get("ctime")));
    }

    private static long nanos(Object time) {
      return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
  }

  /**
   * The distinct {@code job_name} values of a family's series, or {@code many} once there are more
   * than {@link #MAX_JOB_NAMES} (then the names are not kept).
   */
  record JobNames(Set<String> names, boolean many) {
    static final JobNames NONE = new JobNames(Set.of(), false);
    static final JobNames MANY = new JobNames(Set.of(), true);

    JobNames {
      names = Set.copyOf(names);
      if (many && !names.isEmpty() || names.size() > MAX_JOB_NAMES) {
        throw new IllegalArgumentException(names + ": either many or at most " + MAX_JOB_NAMES);
      }
    }

    boolean mayHold(String jobName) {
      return many || names.contains(jobName);
    }

    /** These names and {@code name}. */
    JobNames with(String name) {
      if (many || names.contains(name)) {
        return this;
      }
      if (names.size() == MAX_JOB_NAMES) {
        return MANY;
      }
      Set<String> more = new TreeSet<>(names);
      more.add(name);
      return new JobNames(more, false);
    }
  }
}
