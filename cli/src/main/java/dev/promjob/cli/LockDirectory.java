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
 *   <li>else {@code $HOME/.local/state/promjob} (XDG's state directory), when {@code HOME} is this
 *       user's own directory that no one else can write to; cron sets {@code HOME} from the
 *       password file.
 * </ol>
 *
 * <p>Never a shared directory such as {@code /tmp}: any local user could make {@code
 * /tmp/promjob-UID} first, and every run of the job would be refused. With none of the three the
 * run is refused, saying what to set. The directory is made 0700 when missing, and used only when
 * it is a directory (not a link) owned by this user that no one else can write to; otherwise the
 * run is refused with its owner and what to do.
 */
final class LockDirectory {
  static final String XDG_RUNTIME_DIR = "XDG_RUNTIME_DIR";
  static final String HOME = "HOME";
  static final String STATE = ".local/state";
  static final Path ROOTS = Path.of("/run/promjob");

  private static final Set<PosixFilePermission> OWNER =
      PosixFilePermissions.fromString("rwx------");

  private LockDirectory() {}

  /** This process's directory, made when missing. */
  static Path ofThisProcess() throws IOException {
    return choose(System.getenv(), uid(), ROOTS);
  }

  /**
   * @param env the process's environment
   * @param uid the process's user id
   * @param roots root's directory, used when its parent exists
   */
  static Path choose(Map<String, String> env, int uid, Path roots) throws IOException {
    Path runtime = ownDirectory(env, XDG_RUNTIME_DIR, uid);
    if (runtime != null) {
      return made(runtime.resolve("promjob"), uid);
    }
    if (uid == 0 && Files.isDirectory(roots.getParent())) {
      return made(roots, uid);
    }
    Path home = ownDirectory(env, HOME, uid);
    if (home != null) {
      // Only this user can make names in HOME, so whatever stands at .local/state is theirs.
      Files.createDirectories(home.resolve(STATE), PosixFilePermissions.asFileAttribute(OWNER));
      return made(home.resolve(STATE).resolve("promjob"), uid);
    }
    throw new IOException(
        "no directory that only this user (uid "
            + uid
            + ") can make files in, for the run lock: neither XDG_RUNTIME_DIR nor HOME ("
            + (env.get(HOME) == null ? "unset" : Messages.quoted(env.get(HOME)))
            + ") names one; set HOME to this user's own home directory");
  }

  /** The absolute directory {@code env} names under {@code key}, if it is this user's alone. */
  private static Path ownDirectory(Map<String, String> env, String key, int uid)
      throws IOException {
    String value = env.get(key);
    if (value == null || value.isEmpty() || !Path.of(value).isAbsolute()) {
      return null;
    }
    Path dir = Path.of(value);
    return problem(dir, uid) == null ? dir : null;
  }

  /** {@code dir}, made 0700 when missing, once it is checked to be this user's own. */
  static Path made(Path dir, int uid) throws IOException {
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER));
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
