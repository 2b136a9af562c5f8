package dev.promjob.samples.backend;

import dev.promjob.Job;
import dev.promjob.spi.Backend;
import dev.promjob.spi.Carried;
import dev.promjob.spi.Exposition;
import dev.promjob.spi.Refusal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Keeps each job's last report as a file of text format in one directory, for another program to
 * pick up (a sidecar that uploads it, a web server Prometheus scrapes). One backend instance per
 * directory: it serialises its own writes, but does not lock against another process (the textfile
 * backend does, with a lock file per job).
 */
public final class SpoolBackend implements Backend {
  /** Longest file name most file systems take. */
  private static final int MAX_FILE_NAME = 255;

  private final Path directory;

  SpoolBackend(Path directory) {
    this.directory = directory;
  }

  @Override
  public String name() {
    return SpoolProvider.NAME;
  }

  @Override
  public String location(Job job) {
    return file(job).toString(); // for people: messages, the command line's output
  }

  /** Called when a run starts: a job this backend cannot store fails before doing any work. */
  @Override
  public void check(Job job) {
    String name = fileName(job);
    if (name.length() > MAX_FILE_NAME) {
      throw Refusal.of(name, "spool file name is longer than " + MAX_FILE_NAME + " characters");
    }
  }

  /**
   * Stores one report. The text carries the last success this backend held for the job (on a failed
   * run lib keeps it, on a success lib never lets it go back) and its failed runs in a row.
   */
  @Override
  public synchronized void publish(Exposition exposition) throws IOException {
    Path file = file(exposition.job());
    Carried held = held(file);
    Path temp = Files.createTempFile(directory, ".spool-", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        exposition.writeText(out, held);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw new IOException("cannot write " + file + ": " + e, e);
    }
  }

  @Override
  public synchronized void delete(Job job) throws IOException {
    Path file = file(job);
    try {
      Files.deleteIfExists(file); // deleting what is not there is not an error
    } catch (IOException e) {
      throw new IOException("cannot delete " + file + ": " + e, e);
    }
  }

  /**
   * The last success held for the job: the value of {@code promjob_last_success_timestamp_seconds}
   * (Unix time in seconds) in the text stored last, or empty if nothing is stored or the last
   * report never succeeded.
   */
  static OptionalDouble lastSuccess(Path file) throws IOException {
    return held(file).lastSuccess();
  }

  /** What the text stored last carries on: its last success and its failed runs in a row. */
  static Carried held(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Carried.fromText(in);
    } catch (NoSuchFileException nothingStored) {
      return Carried.nothing();
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e, e);
    }
  }

  /** A job's storage is named by its name and grouping labels: together they identify it. */
  private Path file(Job job) {
    return directory.resolve(fileName(job));
  }

  private static String fileName(Job job) {
    StringBuilder name = new StringBuilder(encode(job.name()));
    for (Map.Entry<String, String> label : job.groupingLabels().entrySet()) {
      name.append(',').append(encode(label.getKey())).append('=').append(encode(label.getValue()));
    }
    return name.append(".txt").toString();
  }

  /** Percent-encoding: no '/' or NUL reaches the file system, and no two values collide. */
  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
