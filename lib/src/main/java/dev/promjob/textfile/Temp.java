package dev.promjob.textfile;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
  static Temp create(Path path, Set<PosixFilePermission> mode) throws IOException {
    boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs =
        posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    FileChannel channel =
        FileChannel.open(
            path,
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ),
            attrs);
    try {
      Path self = OpenFiles.procName(path);
      Object key;
      if (self != null) {
        key = Files.readAttributes(self, BasicFileAttributes.class).fileKey();
        if (!Files.getPosixFilePermissions(self).equals(mode)) {
          Files.setPosixFilePermissions(self, mode); // chmod of the open file, whatever the name holds
        }
      } else {
        // No way to name the open file (Windows, an in-memory file system): the name, never
        // followed, right after creating it; requireUnchanged checks it still holds the same file.
        key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        if (posix
            && !Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(mode)) {
          Files.getFileAttributeView(
                  path, java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
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

  /** The bytes written so far, read from the start through the channel; closing it keeps the channel. */
  InputStream readBack() throws IOException {
    channel.position(0);
    return new FilterInputStream(Channels.newInputStream(channel)) {
      @Override
      public void close() {}
    };
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
    BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    // A null key means the file system has none (Windows): only the link check remains.
    if (!now.isRegularFile() || !Objects.equals(fileKey, now.fileKey())) {
      throw replaced(directory, "the temp file was replaced while promjob wrote it");
    }
    Integer links = links();
    if (links != null && links != 1) {
      throw replaced(directory, "the temp file has " + links + " names: someone linked it while promjob wrote it");
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
