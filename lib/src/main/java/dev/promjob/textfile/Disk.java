package dev.promjob.textfile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The steps of the atomic replace that reach the disk, in the order they must happen: create the
 * temp, force it, rename it, force the directory. Tests record the order, or replace the rename to
 * act like a Windows reader holding the file.
 */
@FunctionalInterface
interface Disk {
  // An anonymous class, not a lambda: each lambda costs a cold process about 1 ms on first use.
  Disk REAL =
      new Disk() {
        @Override
        public void move(Path from, Path to) throws IOException {
          Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
      };

  void move(Path from, Path to) throws IOException;

  default Temp create(Path path, Set<PosixFilePermission> mode) throws IOException {
    return Temp.create(path, mode);
  }

  /** fsync of the temp's data and metadata before it gets the name node_exporter reads. */
  default void force(FileChannel channel) throws IOException {
    channel.force(true);
  }

  /** fsync of the directory, so the rename survives a power cut. */
  default void forceDirectory(Path directory) throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
