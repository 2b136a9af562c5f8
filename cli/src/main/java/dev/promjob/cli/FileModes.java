package dev.promjob.cli;

import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/** A file's permission bits as octal, {@code 0640}, the way chmod takes them. */
final class FileModes {
  private FileModes() {}

  static String of(PosixFileAttributes a) {
    int mode = 0;
    for (PosixFilePermission p : a.permissions()) {
      mode |= 1 << (8 - p.ordinal());
    }
    return String.format("%04o", mode);
  }
}
