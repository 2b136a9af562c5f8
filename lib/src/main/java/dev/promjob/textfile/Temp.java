package dev.promjob.textfile;

import dev.promjob.internal.Log;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A temp file created exclusively and used only through the file this process opened. In a
 * directory others can write to, the name may be swapped for a link at any moment; the open file
 * cannot. Its mode is set and its identity read through the open file ({@code /proc/self/fd} on
 * Linux), never through the name, so a link planted at the name is never chmod-ed.
 */
final class Temp implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;

  /** The open file itself ({@code /proc/self/fd/N}); null where the platform has no such name. */
  private final Path self;

  private final Object fileKey;

  private Temp(Path path, FileChannel channel, Path self, Object fileKey) {
    this.path = path;
    this.channel = channel;
    this.self = self;
    this.fileKey = fileKey;
  }

  /**
   * Creates {@code path} with O_CREAT|O_EXCL, which never follows a link planted at that name, with
   * {@code mode} where the file system has modes. The umask may take bits away from it: they are
   * given back through the open file, before anything is written.
   *
   * @throws java.nio.file.FileAlreadyExistsException if anything, link included, has that name
   */
  /**
   * The name of a temp file of the job whose file is {@code base}: hidden and not {@code .prom}
   * (node_exporter never reads it), with the writer's pid so that a dead writer's can be swept.
   */
  static String name(String base, long pid, String random) {
    return "." + base + "." + pid + "." + random + TextfileBackend.TEMP_SUFFIX;
  }

  /** The pid in {@code fileName} if it is a temp of job {@code base} (see {@link #name}). */
  static OptionalLong writerOf(String fileName, String base) {
    String prefix = "." + base + ".";
    if (!fileName.startsWith(prefix)) {
      return OptionalLong.empty();
    }
    // <1 to 18 digits>.<16 of 0-9a-f><TEMP_SUFFIX>, checked by hand: Temp is on every write's
    // path and a regex compiled there costs a cold process more than the check is worth.
    int from = prefix.length();
    int dot = fileName.indexOf('.', from);
    String suffix = TextfileBackend.TEMP_SUFFIX;
    if (dot - from < 1
        || dot - from > 18
        || fileName.length() != dot + 17 + suffix.length()
        || !fileName.startsWith(suffix, dot + 17)
        || !only(fileName, from, dot, "0123456789")
        || !only(fileName, dot + 1, dot + 17, "0123456789abcdef")) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(fileName, from, dot, 10));
  }

  private static boolean only(String s, int from, int to, String allowed) {
    for (int i = from; i < to; i++) {
      if (allowed.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Removes the temp files of job {@code base} whose writer is gone, or that are older than any
   * write lasts (their pid was reused). Failures are logged, never thrown: the report goes on.
   */
  static void sweepDeadWriters(Path directory, String base) {
    Instant stale = Instant.now().minus(TextfileBackend.STALE_TEMP_AGE);
    try (DirectoryStream<Path> names = Files.newDirectoryStream(directory)) {
      for (Path tmp : names) {
        OptionalLong pid = writerOf(tmp.getFileName().toString(), base);
        if (pid.isEmpty()) {
          continue; // not a temp name, or another job's whose name starts like ours
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(tmp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException goneMeanwhile) {
          continue;
        }
        if (!a.isRegularFile()) {
          continue; // promjob's temps are regular files; whatever this is, it is not ours
        }
        boolean alive = ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
        if (alive && !a.lastModifiedTime().toInstant().isBefore(stale)) {
          continue; // a live writer's file: removing it would fail that writer's rename
        }
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          Log.log(Level.WARNING, "cannot remove stale temp file: " + IoMessages.detail(e));
        }
      }
    } catch (IOException e) {
      Log.log(
          Level.WARNING,
          "cannot look for stale temp files in " + directory + ": " + IoMessages.detail(e));
    }
  }

  /** {@link OpenFiles#procName}; a class, not a method reference, which costs a cold JVM more. */
  private static final UnaryOperator<Path> PROC_NAME =
      new UnaryOperator<>() {
        @Override
        public Path apply(Path path) {
          return OpenFiles.procName(path);
        }
      };

  static Temp create(Path path, Set<PosixFilePermission> mode) throws IOException {
    return create(path, mode, PROC_NAME);
  }

  /** As above, the open file named by {@code openName} (null: no name, as on macOS or Windows). */
  static Temp create(Path path, Set<PosixFilePermission> mode, UnaryOperator<Path> openName)
      throws IOException {
    boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
            : new FileAttribute<?>[0];
    FileChannel channel =
        FileChannel.open(
            path,
            EnumSet.of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ),
            attrs);
    try {
      Path self = openName.apply(path);
      Object key;
      if (self != null) {
        key = Files.readAttributes(self, BasicFileAttributes.class).fileKey();
        if (!Files.getPosixFilePermissions(self).equals(mode)) {
          Files.setPosixFilePermissions(
              self, mode); // chmod of the open file, whatever the name holds
        }
      } else {
        // No way to name the open file (Windows, an in-memory file system): the name, never
        // followed, right after creating it; requireUnchanged checks it still holds the same file.
        key =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
        if (posix && !Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(mode)) {
          Files.getFileAttributeView(
                  path,
                  java.nio.file.attribute.PosixFileAttributeView.class,
                  LinkOption.NOFOLLOW_LINKS)
              .setPermissions(mode);
        }
      }
      return new Temp(path, channel, self, key);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  Path path() {
    return path;
  }

  FileChannel channel() {
    return channel;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /**
   * Fails unless the name is still the regular file this process created there (not a link, not
   * another file), and that file has no other name (a hard link to it, made by someone else, would
   * let them see or keep it), so that the rename publishes our bytes and nothing else. Called while
   * the file is still open.
   */
  void requireUnchanged(Path directory) throws IOException {
    BasicFileAttributes now =
        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    // A null key means the file system has none (Windows): only the link check remains.
    if (!now.isRegularFile() || !Objects.equals(fileKey, now.fileKey())) {
      throw replaced(directory, "the temp file was replaced while promjob wrote it");
    }
    Integer links = links();
    if (links != null && links != 1) {
      throw replaced(
          directory,
          "the temp file has " + links + " names: someone linked it while promjob wrote it");
    }
  }

  /** The link count of the open file; null where the file system does not tell. */
  private Integer links() throws IOException {
    Path p = self != null ? self : path;
    if (!p.getFileSystem().supportedFileAttributeViews().contains("unix")) {
      return null;
    }
    Map<String, Object> a =
        self != null
            ? Files.readAttributes(p, "unix:nlink")
            : Files.readAttributes(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    return (Integer) a.get("nlink");
  }

  private FileSystemException replaced(Path directory, String what) {
    return new FileSystemException(
        path.toString(),
        null,
        what
            + ": someone else can write to "
            + directory
            + "; make the directory writable by the job's user only");
  }
}
