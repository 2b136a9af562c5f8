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
import java.util.Objects;

/**
 * A temp file created exclusively and used only through the channel that created it. In a
 * directory others can write to, the name may be swapped for a link at any moment; the open file
 * cannot. Its identity (file key) is recorded so that the rename can check the name still holds it.
 */
final class Temp implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final Object fileKey;

  private Temp(Path path, FileChannel channel, Object fileKey) {
    this.path = path;
    this.channel = channel;
    this.fileKey = fileKey;
  }

  /**
   * Creates {@code path} with O_CREAT|O_EXCL, which never follows a link planted at that name.
   *
   * @throws java.nio.file.FileAlreadyExistsException if anything, link included, has that name
   */
  static Temp create(Path path) throws IOException {
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    try {
      Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
      return new Temp(path, channel, key);
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
   * another file), so that the rename publishes our bytes and nothing else.
   */
  void requireUnchanged(Path directory) throws IOException {
    BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    // A null key means the file system has none (Windows): only the link check remains.
    if (!now.isRegularFile() || !Objects.equals(fileKey, now.fileKey())) {
      throw new FileSystemException(
          path.toString(),
          null,
          "the temp file was replaced while promjob wrote it: someone else can write to "
              + directory
              + "; make the directory writable by the job's user only");
    }
  }
}
