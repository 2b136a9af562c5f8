package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.JavaChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real kernel sees of one write, traced with strace in a child JVM: the temp is created
 * exclusively, written, fsync-ed on its own descriptor, renamed over the job's file, then the
 * directory is fsync-ed. A missing fsync is invisible to a crash test (SIGKILL keeps the page
 * cache) and to Jimfs; here it is a missing line. A second test runs the writer under {@code umask
 * 077}, where the mode given at creation loses its group and others bits.
 */
class SyscallOrderIT {
  @TempDir Path tmp;

  @Test
  void createWriteFsyncRenameThenFsyncTheDirectory() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("textfile"));
    Path trace = tmp.resolve("strace.out");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                // -ff: one file per thread, so no call is split by another thread's ("<unfinished
                // ...>").
                "strace",
                "-ff",
                "-qq",
                "-o",
                trace.toString(),
                "-e",
                "trace=openat,open,write,pwrite64,fsync,fdatasync,rename,renameat,renameat2,chmod,fchmodat"));
    cmd.addAll(
        JavaChild.command(WriterChild.class, false, "once", dir.toString(), "traced_job", "10"));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.out").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("child.out"))).isZero();

    String target = dir.resolve("traced_job.prom").toString();
    List<String> lines = null;
    try (var files = Files.list(tmp)) {
      for (Path f :
          files.filter(f -> f.getFileName().toString().startsWith("strace.out.")).toList()) {
        List<String> l = Files.readAllLines(f);
        if (l.stream().anyMatch(x -> x.contains(TextfileBackend.TEMP_SUFFIX))) {
          assertThat(lines).as("one thread writes").isNull();
          lines = l;
        }
      }
    }
    assertThat(lines).as("the writer thread's trace").isNotNull();
    List<String> seen = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    String tempFd = null;
    String dirFd = null;
    String temp = null;
    Pattern open =
        Pattern.compile("^()open(?:at)?\\((?:AT_FDCWD, )?\"([^\"]+)\", ([^,)]+).*\\) = (\\d+)$");
    for (String line : lines) {
      Matcher m = open.matcher(line);
      if (m.matches()) {
        String path = m.group(2);
        if (path.startsWith(dir + "/.traced_job.") && path.endsWith(TextfileBackend.TEMP_SUFFIX)) {
          assertThat(m.group(3)).contains("O_CREAT").contains("O_EXCL");
          temp = path;
          tempFd = m.group(4);
          seen.add("create temp");
          raw.add(line);
        } else if (path.equals(dir.toString()) && temp != null && seen.contains("rename")) {
          dirFd = m.group(4);
          seen.add("open directory");
          raw.add(line);
        }
        continue;
      }
      if (tempFd != null
          && line.matches("^p?write(64)?\\(" + tempFd + ", .*")
          && !seen.contains("fsync temp")) {
        if (!seen.get(seen.size() - 1).equals("write temp")) {
          seen.add("write temp");
          raw.add(line.length() > 120 ? line.substring(0, 120) + "..." : line);
        }
      } else if (tempFd != null
          && line.matches("^f(data)?sync\\(" + tempFd + "\\).*")
          && !seen.contains("rename")) {
        seen.add("fsync temp");
        raw.add(line);
      } else if (temp != null
          && line.contains("rename")
          && line.contains("\"" + temp + "\"")
          && line.contains("\"" + target + "\"")) {
        assertThat(line).endsWith("= 0");
        seen.add("rename");
        raw.add(line);
      } else if (dirFd != null && line.matches("^f(data)?sync\\(" + dirFd + "\\).*")) {
        seen.add("fsync directory");
        raw.add(line);
        dirFd = null;
      } else if (temp != null && line.contains("chmod") && line.contains("\"" + temp + "\"")) {
        seen.add("chmod by name");
        raw.add(line); // never: a name can be swapped for a link
      }
    }
    System.out.println("[SyscallOrderIT] " + seen + "\n  " + String.join("\n  ", raw));
    assertThat(seen)
        .containsExactly(
            "create temp",
            "write temp",
            "fsync temp",
            "rename",
            "open directory",
            "fsync directory");
  }

  @Test
  void theFileIsReadableByNodeExporterUnderUmask077() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("textfile"));
    List<String> java =
        JavaChild.command(WriterChild.class, false, "once", dir.toString(), "umask_job", "10");
    StringBuilder sh = new StringBuilder("umask 077 && exec");
    for (String arg : java) {
      sh.append(" '").append(arg.replace("'", "'\\''")).append('\'');
    }
    Process p =
        new ProcessBuilder("sh", "-c", sh.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.out").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("child.out"))).isZero();
    Path file = dir.resolve("umask_job.prom");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
  }
}
