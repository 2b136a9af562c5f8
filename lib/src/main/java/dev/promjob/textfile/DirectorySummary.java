package dev.promjob.textfile;

import dev.promjob.textfile.FileSummary.Stamp;
import dev.promjob.textformat.TextFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The other {@code *.prom} files of a textfile directory, and the summary that spares the guard
 * from reading them in full on every write: {@value #NAME}, a hidden file node_exporter never reads
 * (its name does not end in {@code .prom}), shared by every job and user that writes there. It
 * holds a {@link FileSummary} per file, keyed by the file's name and {@link Stamp} (device, inode,
 * size, modification and change time); a file that no longer matches its entry is read again, and
 * the summary rewritten (temp and rename, no fsync: it is a cache).
 *
 * <p>Nothing about the summary can fail a report or hide a file: a summary that is missing,
 * unreadable, damaged, planted or not exactly what promjob writes counts as empty, and one that
 * cannot be written is not written. An entry is only written for a file whose change time is older
 * than the summary's temp, created before the file is read: a file changed within the same clock
 * tick as the read, which {@code stat} could not tell from the version read, is read again next
 * time. An entry is only written where the summary is no more readable than the file: the summary's
 * group and others read bits are those every summarised file has (none when a file is hidden from
 * others: its group is not the summary's), and a file that only its owner may read is never
 * summarised.
 *
 * <pre>{@code
 * try (DirectorySummary others = DirectorySummary.scan(target, null)) {
 *   for (DirectorySummary.Other o : others.others()) {
 *     FileSummary s = o.cached() != null ? o.cached() : others.read(o, SampleHandler.NONE);
 *   }
 * }
 * }</pre>
 */
final class DirectorySummary implements AutoCloseable {
  static final String NAME = ".promjob+guard-summary";

  /** Its temps: {@code .promjob+guard-summary.<pid>.<random>.promjob-tmp}, swept as a job's. */
  static final String TEMP_BASE = NAME.substring(1);

  /** A summary larger than this is not read: no directory needs one, and reading it would cost. */
  static final int MAX_BYTES = 64 << 20;

  /**
   * One other regular {@code *.prom} file (links followed, as node_exporter follows them).
   *
   * @param stamp {@link Stamp#NONE} where the file system cannot tell one (no {@code unix} view)
   * @param cached the summary's entry for it, if it matches {@code stamp}; else null
   */
  record Other(Path path, String name, Stamp stamp, int mode, FileSummary cached) {}

  private final Path directory;
  private final List<Other> others;
  private final boolean stamped;
  private final boolean summaryPresent;
  private final boolean leftoverTemps;
  private final Map<String, FileSummary> old;
  private final Map<String, FileSummary> next = new LinkedHashMap<>();
  private final int mode;
  private Temp fence;
  private long fenceNanos;
  private boolean noFence;

  private DirectorySummary(
      Path directory,
      List<Other> others,
      boolean stamped,
      boolean summaryPresent,
      boolean leftoverTemps,
      Map<String, FileSummary> old,
      int mode) {
    this.directory = directory;
    this.others = others;
    this.stamped = stamped;
    this.summaryPresent = summaryPresent;
    this.leftoverTemps = leftoverTemps;
    this.old = old;
    this.mode = mode;
    for (Other o : others) {
      if (o.cached() != null) {
        next.put(o.name(), o.cached());
      }
    }
  }

  /**
   * Lists the directory of {@code target} and {@code stat}s each other {@code *.prom} file, hidden
   * ones included; {@code target} and {@code replaced} (may be null) are left out, and whatever is
   * not a regular file once links are followed (a FIFO, a device, a directory, a broken link).
   *
   * @throws IOException if the directory cannot be listed
   */
  static DirectorySummary scan(Path target, Path replaced) throws IOException {
    Path dir = target.getParent();
    boolean stamped = dir.getFileSystem().supportedFileAttributeViews().contains("unix");
    List<Path> proms = new ArrayList<>();
    boolean summaryPresent = false;
    boolean leftoverTemps = false;
    try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
      for (Path p : all) {
        String n = p.getFileName().toString();
        if (n.endsWith(FileNames.SUFFIX)) {
          if (!p.equals(target) && !p.equals(replaced)) {
            proms.add(p);
          }
        } else if (n.equals(NAME)) {
          summaryPresent = true;
        } else if (Temp.writerOf(n, TEMP_BASE).isPresent()) {
          leftoverTemps = true;
        }
      }
    }
    Map<String, FileSummary> old =
        stamped && summaryPresent && !proms.isEmpty()
            ? SummaryFormat.load(dir.resolve(NAME))
            : Map.of();
    List<Other> others = new ArrayList<>();
    int readBits = 0044;
    for (Path p : proms) {
      Other o = stamped ? stamped(p, old) : unstamped(p);
      if (o != null) {
        others.add(o);
        if ((o.mode() & 0044) != 0) {
          // A file's group is not the summary's (its writer's): its group readers, only if all may.
          readBits &= (o.mode() & 0004) != 0 ? o.mode() : 0;
        }
      }
    }
    return new DirectorySummary(
        dir, others, stamped, summaryPresent, leftoverTemps, old, 0600 | readBits);
  }

  private static Other stamped(Path p, Map<String, FileSummary> old) {
    Map<String, Object> unix;
    try {
      unix = Files.readAttributes(p, Stamp.UNIX); // follows links, as node_exporter does
    } catch (IOException brokenLink) {
      return null; // node_exporter cannot read it either
    }
    if (!(Boolean) unix.get("isRegularFile")) {
      return null;
    }
    String name = p.getFileName().toString();
    Stamp stamp = Stamp.of(unix);
    FileSummary cached = old.get(name);
    return new Other(
        p,
        name,
        stamp,
        (Integer) unix.get("mode") & 0777,
        cached != null && cached.stamp().equals(stamp) ? cached : null);
  }

  private static Other unstamped(Path p) {
    try {
      if (!Files.readAttributes(p, BasicFileAttributes.class).isRegularFile()) {
        return null;
      }
    } catch (IOException brokenLink) {
      return null;
    }
    return new Other(p, p.getFileName().toString(), Stamp.NONE, 0, null);
  }

  /** The other regular files, in the order the directory lists them. */
  List<Other> others() {
    return others;
  }

  /**
   * Reads {@code other} in full, passing each sample to {@code series}, and keeps what it found for
   * the summary when it may (see the class comment).
   *
   * @return its summary; {@link FileSummary#badLine()} set if node_exporter cannot parse it
   * @throws IOException if it cannot be read (not a format error: those are summarised)
   */
  FileSummary read(Other other, TextFormat.SampleHandler series) throws IOException {
    startFence();
    FileSummary read = FileSummary.read(other.path(), other.name(), other.stamp(), series);
    if (cacheable(other)) {
      next.put(other.name(), read);
    } else {
      next.remove(other.name());
    }
    return read;
  }

  /** Whether what was just read of {@code other} is the version its stamp names, for good. */
  private boolean cacheable(Other other) {
    int shownTo = mode & 0044; // the summary's group and others read bits
    if (fence == null || (other.mode() & 0044) == 0 || (other.mode() & shownTo) != shownTo) {
      return false;
    }
    try {
      Stamp after = Stamp.of(Files.readAttributes(other.path(), Stamp.UNIX));
      // Any change after the fence's creation gives a change time at or past it: the version read
      // (after the fence) is the one this stamp names.
      return after.equals(other.stamp()) && after.ctimeNanos() < fenceNanos;
    } catch (IOException goneMeanwhile) {
      return false;
    }
  }

  private void startFence() {
    if (!stamped || fence != null || noFence) {
      return;
    }
    noFence = true; // one attempt per write
    try {
      fence = createTemp();
      FileTime created =
          (FileTime)
              Files.readAttributes(fence.path(), "unix:ctime", LinkOption.NOFOLLOW_LINKS)
                  .get("ctime");
      fenceNanos = created.to(TimeUnit.NANOSECONDS);
    } catch (IOException | RuntimeException e) {
      discard();
    }
  }

  private Temp createTemp() throws IOException {
    long pid = ProcessHandle.current().pid();
    return Temp.create(
        directory.resolve(Temp.name(TEMP_BASE, pid, AtomicReplace.randomName())),
        SummaryFormat.permissions(mode));
  }

  /**
   * Writes the summary if it changed (or removes it when no file is left to summarise), and removes
   * its temp. Never throws: the summary is a cache.
   */
  @Override
  public void close() {
    try {
      if (!stamped) {
        return;
      }
      if (next.isEmpty()) {
        if (summaryPresent) { // nothing left to summarise: the directory as it was without one
          Files.deleteIfExists(directory.resolve(NAME));
        }
        return;
      }
      if (next.equals(old)) {
        return;
      }
      if (fence == null) {
        fence = createTemp();
      }
      fence.channel().write(ByteBuffer.wrap(SummaryFormat.render(next.values())));
      fence.requireUnchanged(directory);
      Files.move(
          fence.path(),
          directory.resolve(NAME),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      // not written: the next write reads the files again
    } finally {
      discard();
      if (leftoverTemps) {
        Temp.sweepDeadWriters(directory, TEMP_BASE);
      }
    }
  }

  private void discard() {
    if (fence == null) {
      return;
    }
    try {
      fence.close();
      Files.deleteIfExists(fence.path()); // after a rename: nothing there, or another writer's
    } catch (IOException e) {
      // a temp of a live pid: swept by a later write once this process is gone
    }
    fence = null;
  }
}
