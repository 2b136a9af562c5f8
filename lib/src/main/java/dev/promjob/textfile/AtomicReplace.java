package dev.promjob.textfile;

import dev.promjob.internal.Checks;
import dev.promjob.textformat.CheckedText;
import dev.promjob.textformat.TextFormat;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * node_exporter's file replaced so that it only ever sees the old file or the new one: a temp in
 * the same directory, created exclusively with its final mode, written through the descriptor that
 * created it, forced, checked, renamed over the target, and the directory forced. A failure at any
 * step leaves the old file and no temp.
 */
final class AtomicReplace {
  private static final int CREATE_ATTEMPTS = 10;

  /**
   * Writes the new file's bytes, checked as they pass ({@link CheckedText}): the bytes the same
   * every time it is called.
   */
  @FunctionalInterface
  interface Body {
    void writeTo(CheckedText out) throws IOException;
  }

  /** Looks at the new file before the rename (the textfile guard); throws to stop it. */
  @FunctionalInterface
  interface BeforeRename {
    void check(NewFile file) throws IOException;
  }

  private final Path directory;
  private final Set<PosixFilePermission> mode;
  private final Disk disk;
  private final Supplier<String> tempNames;

  AtomicReplace(
      Path directory, Set<PosixFilePermission> mode, Disk disk, Supplier<String> tempNames) {
    this.directory = directory;
    this.mode = mode;
    this.disk = disk;
    this.tempNames = tempNames;
  }

  /** Replaces {@code target} (a file of job {@code base}) with what {@code body} writes. */
  void replace(String base, Path target, Body body, BeforeRename beforeRename) throws IOException {
    Path tmp = null;
    try {
      // Everything goes through the file that created the temp: a path could be swapped for a
      // link by anyone who can write to the directory; an open file cannot.
      Temp temp = createTemp(base);
      tmp = temp.path();
      try (temp) {
        FileChannel channel = temp.channel();
        CheckedText out =
            new CheckedText(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
        body.writeTo(out);
        out.flush();
        // The text was checked as it streamed out: the temp is never read back.
        Map<String, TextFormat.Family> families = out.families();
        disk.force(channel);
        beforeRename.check(new NewFile(families, new Replay(body)));
        temp.requireUnchanged(directory);
        move(tmp, target);
      }
    } catch (IOException | RuntimeException | Error e) {
      if (tmp != null) {
        try {
          if (Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(tmp);
          }
        } catch (IOException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      if (e instanceof TextfileConflictException || !(e instanceof IOException io)) {
        throw e;
      }
      throw IoMessages.withPath("cannot write " + target, io);
    }
  }

  /**
   * The body's samples, rendered again into memory: only the guard's duplicate check asks. A
   * record, not a lambda: each lambda costs a cold process about 1 ms on first use.
   */
  private record Replay(Body body) implements NewFile.Samples {
    @Override
    public void each(TextFormat.SampleHandler handler) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
      body.writeTo(new CheckedText(bytes));
      TextFormat.parse(new ByteArrayInputStream(bytes.toByteArray()), handler);
    }
  }

  private Temp createTemp(String base) throws IOException {
    long pid = ProcessHandle.current().pid();
    for (int attempt = 1; ; attempt++) {
      String random = tempNames == null ? randomName() : tempNames.get();
      Path tmp = directory.resolve(Temp.name(base, pid, random));
      try {
        return disk.create(tmp, isPosix() ? mode : Set.of());
      } catch (FileAlreadyExistsException e) {
        // Someone else's file or link: never opened, never removed; try another name.
        if (attempt == CREATE_ATTEMPTS) {
          throw IoMessages.withPath("cannot create a temp file in " + directory, e);
        }
      } catch (IOException e) {
        throw IoMessages.withPath("cannot create a temp file in " + directory, e);
      }
    }
  }

  static String randomName() {
    // Not SecureRandom (its start-up is a tenth of a small job's run): a guessed name gains an
    // attacker nothing, since the temp is created with O_EXCL and a taken name is skipped.
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  private void move(Path tmp, Path target) throws IOException {
    // On Windows a reader (windows_exporter) holding the file makes the rename fail for a moment.
    int attempts = isPosix() ? 1 : 6;
    long backoffMillis = 10;
    for (int attempt = 1; ; attempt++) {
      try {
        disk.move(tmp, target);
        return;
      } catch (AtomicMoveNotSupportedException e) {
        throw IoMessages.withPath(
            "the file system of " + directory + " cannot rename atomically", e);
      } catch (FileSystemException e) {
        boolean busy =
            e instanceof AccessDeniedException || e.getClass() == FileSystemException.class;
        if (!busy || attempt >= attempts) {
          throw e;
        }
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        backoffMillis *= 2;
      }
    }
  }

  /** Makes the renames durable; called once per report, after the last rename. */
  /** Names the key to fix when the directory node_exporter reads is missing. */
  /**
   * Refuses, when a run starts, a directory no report of it could ever be written to: missing, not
   * a directory, or one this user cannot create files in. A typo in the directory would otherwise
   * run the job and report nothing, on every run.
   *
   * @throws IllegalArgumentException {@code '<directory>': <rule>}
   */
  void requireWritableDirectory() {
    String rule;
    if (!Files.isDirectory(directory)) {
      rule = Files.exists(directory) ? "is not a directory" : "does not exist";
    } else if (!Files.isWritable(directory) || !Files.isExecutable(directory)) {
      rule = "is not writable by this user";
    } else {
      return;
    }
    throw Checks.invalid(
        directory.toString(),
        "the textfile directory "
            + rule
            + " (promjob.textfile.dir must name node_exporter's --collector.textfile.directory,"
            + " writable by the job's user)");
  }

  void requireDirectory() throws IOException {
    if (!Files.isDirectory(directory)) {
      String what = Files.exists(directory) ? "is not a directory" : "does not exist";
      throw new NoSuchFileException(
          directory.toString(),
          null,
          "the textfile directory "
              + what
              + " (promjob.textfile.dir must name node_exporter's --collector.textfile.directory)");
    }
  }

  void forceDirectory() {
    // Makes the rename itself durable. Not possible everywhere (Windows, some file systems), and
    // nothing to log there: it is how those platforms are.
    try {
      disk.forceDirectory(directory);
    } catch (IOException | UnsupportedOperationException e) {
      // the rename is done; only its durability across a power cut is the platform's
    }
  }

  private boolean isPosix() {
    return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
