package dev.promjob.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Where the run locks of jobs that report elsewhere than a textfile live: a directory in which only
 * the job's user (and root) can create files, so no other local user can hold a job's lock or plant
 * a file that makes its runs fail.
 *
 * <ol>
 *   <li>{@code $XDG_RUNTIME_DIR/promjob} when {@code XDG_RUNTIME_DIR} is this user's own directory
 *       (systemd's {@code /run/user/UID}; a value kept across {@code sudo} names another user's and
 *       is passed over);
 *   <li>{@code /run/promjob} for root (a tmpfs: the locks go with a reboot, as the runs do);
 *   <li>else {@code java.io.tmpdir/promjob-UID}, made 0700.
 * </ol>
 *
 * <p>The directory is made 0700 when missing, and used only when it is a directory (not a link)
 * owned by this user that no one else can write to; otherwise the run is refused with its owner and
 * what to do. Cron gives no {@code XDG_RUNTIME_DIR}, so most cron runs use the second or third.
 */
final class LockDirectory {
  static final String XDG_RUNTIME_DIR = "XDG_RUNTIME_DIR";
  static final Path ROOTS = Path.of("/run/promjob");

  private LockDirectory() {}

  /** This process's directory, made when missing. */
  static Path ofThisProcess() throws IOException {
    return choose(System.getenv(), uid(), Path.of(System.getProperty("java.io.tmpdir")), ROOTS);
  }

  /**
   * @param env the process's environment
   * @param uid the process's user id
   * @param tmp {@code java.io.tmpdir}
   * @param roots root's directory, used when its parent exists
   */
  static Path choose(Map<String, String> env, int uid, Path tmp, Path roots) throws IOException {
    String xdg = env.get(XDG_RUNTIME_DIR);
    if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
      Path runtime = Path.of(xdg);
      if (problem(runtime, uid) == null) {
        return made(runtime.resolve("promjob"), uid);
      }
    }
    if (uid == 0 && Files.isDirectory(roots.getParent())) {
      return made(roots, uid);
    }
    return made(tmp.resolve("promjob-" + uid), uid);
  }

  /** {@code dir}, made 0700 when missing, once it is checked to be this user's own. */
  static Path made(Path dir, int uid) throws IOException {
    try {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // made by an earlier run, or by someone else: checked below either way
    } catch (IOException e) {
      throw new IOException("cannot make the run-lock directory " + dir + ": " + e, e);
    }
    String problem = problem(dir, uid);
    if (problem != null) {
      throw new IOException(Messages.quoted(dir.toString()) + ": " + problem);
    }
    return dir;
  }

  /** Why {@code dir} cannot hold this user's locks, or null when it can. */
  private static String problem(Path dir, int uid) throws IOException {
    PosixFileAttributes a;
    try {
      a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return "the run-lock directory does not exist";
    }
    if (!a.isDirectory()) {
      return "the run-lock directory is not a directory (a link or a file): remove it, and"
          + " promjob makes it again";
    }
    int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    if (owner != uid) {
      return "the run-lock directory belongs to "
          + owner(dir)
          + ", not to this user (uid "
          + uid
          + "), who could not lock there safely: remove it (sudo rm -r "
          + dir
          + "), and promjob makes it again, 0700";
    }
    Set<PosixFilePermission> mode = a.permissions();
    if (mode.contains(PosixFilePermission.GROUP_WRITE)
        || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
      return "the run-lock directory is writable by others (mode "
          + PosixFilePermissions.toString(mode)
          + "): chmod 0700 "
          + dir;
    }
    return null;
  }

  /** This process's user id: the owner of {@code /proc/self}. */
  static int uid() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }

  /** {@code user root (uid 0)}: the owner of {@code file}, as a message names it. */
  static String owner(Path file) throws IOException {
    int uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    String name = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
    return name.equals(Integer.toString(uid))
        ? "uid " + uid
        : "user " + name + " (uid " + uid + ")";
  }
}
