package dev.promjob.textfile;

import dev.promjob.internal.Checks;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The mode of written files, as configuration and the builder give it. */
final class FileMode {
  private FileMode() {}

  /**
   * The permissions of an octal mode such as {@code 0644}, refused unless node_exporter's user can
   * read the file (read for the owner, and for group or others).
   *
   * @param what the setting, for the message: {@code file mode} or the configuration key
   */
  static Set<PosixFilePermission> parse(String octal, String what) {
    String s = octal.trim();
    if (!s.matches("0?[0-7]{3}")) {
      throw Checks.invalid(octal, what + " must be an octal file mode such as 0644");
    }
    int bits = Integer.parseInt(s, 8);
    boolean ownerRead = (bits & 0400) != 0;
    boolean othersRead = (bits & 0044) != 0;
    if (!ownerRead || !othersRead) {
      throw Checks.invalid(
          octal,
          what
              + " must let node_exporter's user read the file: read for the owner and for"
              + " group or others, such as 0644 or 0640");
    }
    StringBuilder rwx = new StringBuilder("rwxrwxrwx");
    for (int i = 0; i < rwx.length(); i++) {
      if ((bits & (0400 >> i)) == 0) {
        rwx.setCharAt(i, '-');
      }
    }
    return Set.copyOf(PosixFilePermissions.fromString(rwx.toString()));
  }
}
