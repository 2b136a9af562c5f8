package dev.promjob.textfile;

import dev.promjob.Config;
import dev.promjob.Enforcement;
import dev.promjob.Job;
import dev.promjob.internal.Checks;
import dev.promjob.internal.ClientJava;
import dev.promjob.internal.Names;
import dev.promjob.spi.Backend;
import dev.promjob.spi.Exposition;
import dev.promjob.spi.InProgressExposition;
import dev.promjob.textformat.NodeExporterFamilies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reports machine-bound jobs through node_exporter's textfile collector: one {@code .prom} file per
 * job and grouping labels, replaced atomically on every run.
 *
 * <p>Each write goes to a temp file in the same directory (hidden, not ending in {@code .prom},
 * created exclusively so no planted link is followed), checked as it streams out ({@link
 * dev.promjob.textformat.CheckedText}: never read back), forced to disk, checked against the other
 * files of the directory, then renamed over the old file, and the directory is forced where the
 * platform allows. The temp is created with its final mode (0644 by default) and, where the umask
 * took bits away, given them back through the open file before anything is written. One writer of a
 * job at a time ({@link JobLock}) reads the previous file and renames. If anything fails, the temp
 * file is removed and the old file is untouched. node_exporter never sees a partial, unreadable or
 * rejected file.
 *
 * <pre>{@code
 * TextfileBackend backend = TextfileBackend.builder()
 *     .directory(Path.of("/var/lib/prometheus/node-exporter"))
 *     .build();
 * Path file = backend.fileOf(job);   // e.g. db_backup@database=users.prom
 * }</pre>
 *
 * <p>A failed run keeps the last success timestamp: it is read from the old file and written again;
 * no run writes one older than the file holds. promjob only replaces or deletes regular files it
 * wrote (their first line says so), and never opens anything else.
 */
public final class TextfileBackend implements Backend {

  /** First line of every file promjob writes; a comment node_exporter ignores. */
  static final String HEADER = OwnedFile.HEADER;

  /** How the name of each temp file promjob writes ends: never {@code .prom}. */
  public static final String TEMP_SUFFIX = ".promjob-tmp";

  /** A temp file this old belongs to a dead writer even if its pid is alive again. */
  static final Duration STALE_TEMP_AGE = Duration.ofMinutes(10);

  private final Path directory;
  private final Set<PosixFilePermission> mode;
  private final Enforcement guard;
  private final AtomicReplace replace;
  private final UnderLock files;

  private TextfileBackend(Builder b) {
    this.directory = b.directory;
    this.mode = b.mode;
    this.guard = b.guard;
    this.replace = new AtomicReplace(b.directory, b.mode, b.disk, b.tempNames);
    this.files = new UnderLock(b.directory, replace, b.lockTimeout);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "textfile";
  }

  /** The directory node_exporter reads. */
  public Path directory() {
    return directory;
  }

  /** The mode given to written files. */
  public Set<PosixFilePermission> fileMode() {
    return mode;
  }

  /** What happens when a file would clash with another file of the directory. */
  public Enforcement guard() {
    return guard;
  }

  /** The file that holds {@code job}'s metrics. Always the same for the same declaration. */
  public Path fileOf(Job job) {
    return directory.resolve(
        FileNames.fileName(Objects.requireNonNull(job, "job must not be null")));
  }

  /** The path of {@link #fileOf(Job)}. */
  @Override
  public String location(Job job) {
    return fileOf(job).toString();
  }

  @Override
  public void check(Job job) { // and a directory no report could be written to: see AtomicReplace
    Names.requireNoInstanceOnNodeExporter(job.name(), job.groupingLabels().containsKey("instance"));
    replace.requireWritableDirectory();
  }

  /** Refuses the names node_exporter serves itself: a textfile family of one would be shadowed. */
  @Override
  public void checkMetricName(String name) {
    NodeExporterFamilies.requireNotServedByDefault(name);
  }

  @Override
  public void publish(Exposition exposition) throws IOException {
    Objects.requireNonNull(exposition, "exposition must not be null");
    Job job = exposition.job();
    // Not check(job): a directory that vanished since the start is an I/O failure of this report.
    Names.requireNoInstanceOnNodeExporter(job.name(), job.groupingLabels().containsKey("instance"));
    files.change(job, "cannot write", new Publish.Report(directory, replace, guard, exposition));
  }

  @Override
  public void publishStart(InProgressExposition start) throws IOException {
    files.change(start.job(), "cannot write", new Publish.Start(replace, guard, start));
  }

  @Override
  public void delete(Job job) throws IOException {
    files.change(
        job,
        "cannot delete",
        target -> {
          Path legacy = OwnedFile.legacy(directory, job, target);
          if (legacy != null) {
            OwnedFile.read(legacy, job, false, false);
            OwnedFile.deleteLegacy(legacy);
          }
          if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
          }
          OwnedFile.read(target, job, false, false);
          try {
            Files.deleteIfExists(target);
          } catch (IOException e) {
            throw IoMessages.withPath("cannot delete " + target, e);
          }
          return true;
        });
  }

  @Override
  public String toString() {
    return "TextfileBackend["
        + directory
        + ", mode "
        + PosixFilePermissions.toString(mode)
        + ", guard "
        + guard
        + "]";
  }

  /** Builds a {@link TextfileBackend}; setters check their values at once. */
  public static final class Builder {
    private Path directory;
    private Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-r--r--");
    private Enforcement guard = Enforcement.REFUSE;
    private Disk disk = Disk.REAL;
    private Duration lockTimeout = Duration.ofSeconds(10);
    private Supplier<String> tempNames; // null: AtomicReplace.randomName()

    private Builder() {}

    /** The directory node_exporter's textfile collector reads. Required; must exist. */
    public Builder directory(Path directory) {
      this.directory = directory; // null allowed here: config may still set it
      return this;
    }

    /**
     * The mode of written files as octal, e.g. {@code "0644"} (the default) or {@code "0640"}. It
     * must let node_exporter's user read the file: read for the owner and for group or others.
     */
    public Builder fileMode(String octal) {
      this.mode =
          FileMode.parse(Objects.requireNonNull(octal, "file mode must not be null"), "file mode");
      return this;
    }

    /** What to do when a file would clash with another; default {@link Enforcement#REFUSE}. */
    public Builder guard(Enforcement guard) {
      this.guard = Objects.requireNonNull(guard, "guard must not be null");
      return this;
    }

    /**
     * Applies {@value Config#TEXTFILE_DIR}, {@value Config#TEXTFILE_MODE}, {@value
     * Config#TEXTFILE_GUARD} and {@value Config#TEXTFILE_LOCK_TIMEOUT} where set: configuration
     * overrides code.
     */
    public Builder config(Config config) {
      // No lambdas: each costs a cold process about 1 ms, and every report builds this.
      String d = config.get(Config.TEXTFILE_DIR).orElse(null);
      directory = d == null ? directory : Path.of(d);
      String m = config.get(Config.TEXTFILE_MODE).orElse(null);
      mode = m == null ? mode : FileMode.parse(m, Config.TEXTFILE_MODE);
      guard = config.oneOf(Config.TEXTFILE_GUARD, Enforcement.class).orElse(guard);
      String t = config.get(Config.TEXTFILE_LOCK_TIMEOUT).orElse(null);
      lockTimeout = t == null ? lockTimeout : Checks.duration(t, Config.TEXTFILE_LOCK_TIMEOUT);
      return this;
    }

    /**
     * How long a report waits for another writer of the same job (an overlapping run) to finish.
     * Default 10 s.
     */
    public Builder lockTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "lock timeout must not be null");
      Checks.duration(timeout, "lock timeout");
      this.lockTimeout = timeout;
      return this;
    }

    Builder disk(Disk disk) {
      this.disk = disk;
      return this;
    }

    /** The random part of temp file names; tests make it predictable to plant links there. */
    Builder tempNames(Supplier<String> tempNames) {
      this.tempNames = tempNames;
      return this;
    }

    /**
     * @throws IllegalStateException if no directory was given in code or configuration
     */
    public TextfileBackend build() {
      ClientJava.requireSupported();
      if (directory == null) {
        throw new IllegalStateException(
            "machine-bound jobs report through node_exporter's textfile collector, but no"
                + " directory is set: set "
                + Config.TEXTFILE_DIR
                + " (environment "
                + Config.environmentVariable(Config.TEXTFILE_DIR)
                + ") to node_exporter's --collector.textfile.directory");
      }
      return new TextfileBackend(this);
    }
  }
}
