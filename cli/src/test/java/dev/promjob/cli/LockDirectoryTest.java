package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory of run locks: this user's own, or a refusal naming whose it is. */
class LockDirectoryTest {
  static final int NOBODY = 65534;

  @TempDir Path tmp;
  int uid;
  Path roots;
  Path home;
  Path state;

  @BeforeEach
  void setUp() throws IOException {
    uid = LockDirectory.uid();
    roots = tmp.resolve("run/promjob"); // its parent, run, is missing until a test makes it
    home = Files.createDirectory(tmp.resolve("home"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    state = home.resolve(".local/state/promjob");
  }

  /** With {@code HOME} set to the test's home, as cron sets it. */
  Path choose(Map<String, String> env) throws IOException {
    return choose(env, uid);
  }

  Path choose(Map<String, String> env, int uid) throws IOException {
    Map<String, String> withHome = new java.util.HashMap<>(env);
    withHome.putIfAbsent(LockDirectory.HOME, home.toString());
    return LockDirectory.choose(withHome, uid, roots);
  }

  static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void withoutXdgRuntimeDirItIsTheStateDirectoryInTheUsersHomeMade0700() throws IOException {
    Path dir = choose(Map.of());

    assertThat(dir).isEqualTo(state);
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(choose(Map.of())).isEqualTo(dir); // the next run uses it as it is
  }

  @Test
  void theUsersOwnXdgRuntimeDirIsPreferred() throws IOException {
    Path xdg = Files.createDirectory(tmp.resolve("xdg"));
    Files.setPosixFilePermissions(xdg, PosixFilePermissions.fromString("rwx------"));

    Path dir = choose(Map.of(LockDirectory.XDG_RUNTIME_DIR, xdg.toString()));

    assertThat(dir).isEqualTo(xdg.resolve("promjob"));
    assertThat(mode(dir)).isEqualTo("rwx------");
  }

  @Test
  void anXdgRuntimeDirOthersCanWriteOrARelativeOneIsPassedOver() throws IOException {
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThat(choose(Map.of(LockDirectory.XDG_RUNTIME_DIR, shared.toString()))).isEqualTo(state);
    assertThat(choose(Map.of(LockDirectory.XDG_RUNTIME_DIR, "relative"))).isEqualTo(state);
    assertThat(choose(Map.of(LockDirectory.XDG_RUNTIME_DIR, tmp.resolve("gone").toString())))
        .isEqualTo(state);
    assertThat(tmp.resolve("gone")).doesNotExist();
  }

  @Test
  void aSharedDirectoryIsNeverUsedWithoutAHomeOfTheUsersOwnTheRunIsRefused() throws IOException {
    Path shared = Files.createDirectory(tmp.resolve("shared-home"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

    for (String value : new String[] {shared.toString(), "relative", "", tmp + "/gone"}) {
      assertThatThrownBy(() -> choose(Map.of(LockDirectory.HOME, value)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("no directory that only this user (uid " + uid + ") can make")
          .hasMessageEndingWith("set HOME to this user's own home directory");
    }
    assertThatThrownBy(() -> LockDirectory.choose(Map.of(), uid, roots))
        .hasMessageContaining("nor HOME (unset)");
    assertThat(shared).isEmptyDirectory();
  }

  @Test
  void aHomeOfAnotherUserIsPassedOver() throws IOException {
    assumeTrue(uid == 0, "only root can give a directory to nobody");
    Files.setAttribute(home, "unix:uid", NOBODY);

    assertThatThrownBy(() -> choose(Map.of())).isInstanceOf(IOException.class);
    assertThat(home.resolve(".local")).doesNotExist();
  }

  @Test
  void rootUsesRunPromjobWhereRunExists() throws IOException {
    Files.createDirectory(roots.getParent());

    assertThat(choose(Map.of(), 0)).isEqualTo(roots);
    roots = tmp.resolve("none/promjob");
    assumeTrue(uid == 0, "only root's home is root's"); // else HOME is not uid 0's own
    assertThat(choose(Map.of(), 0)).isEqualTo(state);
  }

  @Test
  void aDirectoryAnotherUserMadeIsRefusedNamingItsOwnerAndWhatToDo() throws IOException {
    assumeTrue(uid == 0, "only root can give a directory to nobody");
    Path squatted = Files.createDirectories(state);
    Files.setAttribute(squatted, "unix:uid", NOBODY);

    assertThatThrownBy(() -> choose(Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "'"
                + squatted
                + "': the run-lock directory belongs to user nobody (uid 65534), not to this user"
                + " (uid 0), who could not lock there safely: remove it (sudo rm -r "
                + squatted
                + "), and promjob makes it again, 0700");
  }

  @Test
  void anXdgRuntimeDirOfAnotherUserKeptAcrossSudoIsPassedOver() throws IOException {
    assumeTrue(uid == 0, "only root can give a directory to nobody");
    Path theirs = Files.createDirectory(tmp.resolve("run-user-65534"));
    Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwx------"));
    Files.setAttribute(theirs, "unix:uid", NOBODY);

    assertThat(choose(Map.of(LockDirectory.XDG_RUNTIME_DIR, theirs.toString()))).isEqualTo(state);
    assertThat(theirs.resolve("promjob")).doesNotExist();
  }

  @Test
  void aLinkAtTheNameIsRefusedNotFollowed() throws IOException {
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Files.createDirectories(state.getParent());
    Path link = Files.createSymbolicLink(state, elsewhere);

    assertThatThrownBy(() -> choose(Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("'" + link + "': the run-lock directory is not a directory");
  }

  @Test
  void aDirectoryOthersCanWriteToIsRefusedWithTheChmodThatFixesIt() throws IOException {
    Path open = Files.createDirectories(state);
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> choose(Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "'"
                + open
                + "': the run-lock directory is writable by others (mode rwxrwxrwx): chmod 0700 "
                + open);
  }

  @Test
  void aLockFileOfAnotherUserIsNamedWithItsOwner() throws IOException {
    assumeTrue(uid == 0, "only root can give a file to nobody");
    Path lock = Files.createFile(tmp.resolve(".x" + RunLock.SUFFIX));
    Files.setAttribute(lock, "unix:uid", NOBODY);

    assertThat(RunLock.foreignOwner(lock)).isEqualTo("user nobody (uid 65534)");
    Files.setAttribute(lock, "unix:uid", uid);
    assertThat(RunLock.foreignOwner(lock)).isNull();
    assertThat(RunLock.foreignOwner(tmp.resolve("gone"))).isNull();
  }

  @Test
  void aLinkAnotherUserPlantedAtTheLockNameIsNamedWithItsOwner() throws IOException {
    assumeTrue(uid == 0, "only root can give a link to nobody");
    Path target = Files.writeString(tmp.resolve("precious"), "keep");
    Path link = Files.createSymbolicLink(tmp.resolve(".x" + RunLock.SUFFIX), target);
    Files.setAttribute(link, "unix:uid", NOBODY, java.nio.file.LinkOption.NOFOLLOW_LINKS);

    assertThatThrownBy(() -> RunLock.tryAcquire(link))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "cannot open the run lock "
                + link
                + ": it belongs to user nobody (uid 65534), left by a run as that user; remove it"
                + " (sudo rm "
                + link
                + ") and this user's runs make their own");
    assertThat(target).hasContent("keep");
  }
}
