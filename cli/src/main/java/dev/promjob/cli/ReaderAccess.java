package dev.promjob.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether node_exporter's user can read a file or list a directory, judged from the permission
 * bits, the owner and the groups of that user in {@code /etc/passwd} and {@code /etc/group} (what
 * Debian's package runs it as: {@code prometheus}). ACLs are not read.
 */
final class ReaderAccess {
  private final String user;
  private final Set<String> groups;

  private ReaderAccess(String user, Set<String> groups) {
    this.user = user;
    this.groups = groups;
  }

  /**
   * The user and its groups as {@code etc} describes them.
   *
   * @throws IllegalArgumentException when {@code etc/passwd} has no such user: judged as "others",
   *     a file only its group may read would pass for unreadable, or the other way round
   */
  static ReaderAccess of(String user, Path etc) {
    Set<String> groups = new HashSet<>();
    String primaryGid = null;
    for (String line : lines(etc.resolve("passwd"))) {
      String[] f = line.split(":", -1);
      if (f.length > 3 && f[0].equals(user)) {
        primaryGid = f[3];
      }
    }
    if (primaryGid == null) {
      throw new IllegalArgumentException(
          Messages.quoted(user)
              + ": no such user in "
              + etc.resolve("passwd")
              + ": --user must name the user node_exporter runs as (by default Debian's, "
              + LintCommand.DEBIAN_USER
              + ")");
    }
    for (String line : lines(etc.resolve("group"))) {
      String[] f = line.split(":", -1);
      if (f.length > 3 && (f[2].equals(primaryGid) || List.of(f[3].split(",")).contains(user))) {
        groups.add(f[0]);
      }
    }
    return new ReaderAccess(user, groups);
  }

  String user() {
    return user;
  }

  boolean canRead(PosixFileAttributes a) {
    return allows(
        a,
        PosixFilePermission.OWNER_READ,
        PosixFilePermission.GROUP_READ,
        PosixFilePermission.OTHERS_READ);
  }

  /** Listing a directory and opening its files takes read and search (x). */
  boolean canList(PosixFileAttributes a) {
    return canRead(a) && canSearch(a);
  }

  /** Looking a name up in a directory, on the way to a file, takes search (x) on it. */
  boolean canSearch(PosixFileAttributes a) {
    return allows(
        a,
        PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_EXECUTE);
  }

  private boolean allows(
      PosixFileAttributes a,
      PosixFilePermission owner,
      PosixFilePermission group,
      PosixFilePermission others) {
    if (user.equals("root")) {
      return true;
    }
    Set<PosixFilePermission> p = a.permissions();
    // As the kernel decides: the owner's bits alone for the owner, the group's for its members.
    if (a.owner().getName().equals(user)) {
      return p.contains(owner);
    }
    if (groups.contains(a.group().getName())) {
      return p.contains(group);
    }
    return p.contains(others);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }
}
