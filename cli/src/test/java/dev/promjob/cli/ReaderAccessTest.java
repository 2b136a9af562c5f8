package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who node_exporter's user is, as the kernel would decide its access. */
class ReaderAccessTest {
  @TempDir Path etc;

  @BeforeEach
  void users() throws Exception {
    Files.writeString(
        etc.resolve("passwd"),
        "root:x:0:0::/root:/bin/sh\nprometheus:x:110:120::/:/bin/false\nbroken\nshort:x:1\n");
    Files.writeString(
        etc.resolve("group"),
        "root:x:0:\nprometheus:x:120:\nadm:x:4:syslog,prometheus\nstaff:x:50:other\ncut:x:120\n");
  }

  static PosixFileAttributes file(String owner, String group, String mode) {
    Set<PosixFilePermission> p = PosixFilePermissions.fromString(mode);
    return new PosixFileAttributes() {
      public UserPrincipal owner() {
        return () -> owner;
      }

      public GroupPrincipal group() {
        return () -> group;
      }

      public Set<PosixFilePermission> permissions() {
        return p;
      }

      public FileTime lastModifiedTime() {
        return null;
      }

      public FileTime lastAccessTime() {
        return null;
      }

      public FileTime creationTime() {
        return null;
      }

      public boolean isRegularFile() {
        return true;
      }

      public boolean isDirectory() {
        return false;
      }

      public boolean isSymbolicLink() {
        return false;
      }

      public boolean isOther() {
        return false;
      }

      public long size() {
        return 0;
      }

      public Object fileKey() {
        return null;
      }
    };
  }

  @Test
  void ownerBitsForTheOwnerGroupBitsForMembersOtherBitsForTheRest() {
    ReaderAccess prometheus = ReaderAccess.of("prometheus", etc);

    assertThat(prometheus.user()).isEqualTo("prometheus");
    assertThat(prometheus.canRead(file("prometheus", "root", "r--------"))).isTrue();
    assertThat(prometheus.canRead(file("prometheus", "prometheus", "---rwxrwx")))
        .isFalse(); // as the kernel
    assertThat(prometheus.canRead(file("root", "prometheus", "rw-r-----")))
        .isTrue(); // primary group
    assertThat(prometheus.canRead(file("root", "adm", "rw-r-----"))).isTrue(); // listed member
    assertThat(prometheus.canRead(file("root", "staff", "rw-r-----"))).isFalse();
    assertThat(prometheus.canRead(file("root", "staff", "rw-r--r--"))).isTrue();
    assertThat(prometheus.canRead(file("root", "adm", "rw----r--")))
        .isFalse(); // the group's bits decide
  }

  @Test
  void listingADirectoryTakesReadAndSearch() {
    ReaderAccess prometheus = ReaderAccess.of("prometheus", etc);

    assertThat(prometheus.canList(file("root", "root", "rwxr-xr-x"))).isTrue();
    assertThat(prometheus.canList(file("root", "root", "rwxr--r--"))).isFalse();
    assertThat(prometheus.canList(file("root", "root", "rwx--x--x"))).isFalse();
    assertThat(prometheus.canList(file("root", "adm", "rwxr-x---"))).isTrue();
  }

  @Test
  void rootReadsEverything() {
    assertThat(ReaderAccess.of("root", etc).canRead(file("nobody", "nogroup", "---------")))
        .isTrue();
    assertThat(ReaderAccess.of("root", etc).canSearch(file("nobody", "nogroup", "rw-rw-rw-")))
        .isTrue();
  }

  @Test
  void searchIsTheExecuteBitOfWhoeverTheUserIsToTheDirectory() {
    ReaderAccess prometheus = ReaderAccess.of("prometheus", etc);

    assertThat(prometheus.canSearch(file("root", "root", "rwx--x--x"))).isTrue();
    assertThat(prometheus.canSearch(file("root", "root", "rwxr-xr--"))).isFalse();
    assertThat(prometheus.canSearch(file("root", "adm", "rwx--x---"))).isTrue();
    assertThat(prometheus.canSearch(file("prometheus", "root", "rw-rwxrwx"))).isFalse();
  }

  @Test
  void anUnknownUserIsRefusedNotJudgedAsOthers() {
    assertThatThrownBy(() -> ReaderAccess.of("stranger", etc))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'stranger': no such user in "
                + etc.resolve("passwd")
                + ": --user must name the user node_exporter runs as (by default Debian's,"
                + " prometheus)");
    assertThatThrownBy(() -> ReaderAccess.of("prometheus", etc.resolve("missing")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReaderAccess.of("broken", etc))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReaderAccess.of("short", etc)) // a line cut short names no user
        .isInstanceOf(IllegalArgumentException.class);
  }
}
