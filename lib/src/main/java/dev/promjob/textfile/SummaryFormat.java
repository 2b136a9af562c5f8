package dev.promjob.textfile;

import dev.promjob.textfile.FileSummary.JobNames;
import dev.promjob.textfile.FileSummary.Stamp;
import dev.promjob.textformat.TextFormat.Family;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * The text of the directory summary: a version line, one {@code file} line per summarised file
 * followed by its {@code family} lines, and an {@code end} line with the CRC-32 of everything
 * before it. Fields are separated by tabs; a backslash, tab or line feed inside a field is escaped
 * ({@code \\}, {@code \t}, {@code \n}), and a family without HELP has {@code \-} in its place.
 *
 * <pre>
 * promjob guard summary 1
 * file   backup.prom  64769  2172196  1933  1796330242048996049  1796330242048996049  0
 * family backup_rows_total  counter  Rows dumped.  2  1  db_backup
 * end    &lt;CRC-32 of the lines above, 8 hex digits&gt;
 * </pre>
 *
 * <p>(tabs shown as spaces) A {@code file} line holds the name, device, inode, size, modification
 * and change time in nanoseconds, and the line of a format error (0: none); a {@code family} line
 * the name, TYPE, HELP, samples, and the number of distinct {@code job_name} values followed by
 * them ({@code *} alone: more than {@value FileSummary#MAX_JOB_NAMES}).
 *
 * <p>The summary is a cache that anyone who can write to the directory could damage or replace, so
 * it is read strictly: anything else than what {@link #render} writes makes {@link #parse} return
 * null, and the files are read instead.
 */
final class SummaryFormat {
  static final String VERSION = "promjob guard summary 1";
  private static final String NO_HELP = "\\-";
  private static final Path PROC_SELF = Path.of("/proc/self");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "summary", "untyped", "histogram", "gauge_histogram");

  private SummaryFormat() {}

  static byte[] render(Collection<FileSummary> files) {
    StringBuilder sb = new StringBuilder(VERSION).append('\n');
    for (FileSummary f : files) {
      Stamp s = f.stamp();
      sb.append("file\t").append(escape(f.name()));
      for (long n : new long[] {s.dev(), s.ino(), s.size(), s.mtimeNanos(), s.ctimeNanos()}) {
        sb.append('\t').append(n);
      }
      sb.append('\t').append(f.badLine()).append('\n');
      for (Family fam : f.families().values()) {
        sb.append("family\t").append(fam.name()).append('\t').append(fam.type()).append('\t');
        sb.append(fam.help() == null ? NO_HELP : escape(fam.help()));
        sb.append('\t').append(fam.samples());
        JobNames jobs = f.jobs().get(fam.name());
        sb.append('\t').append(jobs.many() ? "*" : Integer.toString(jobs.names().size()));
        for (String job : new TreeSet<>(jobs.names())) {
          sb.append('\t').append(escape(job));
        }
        sb.append('\n');
      }
    }
    byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
    byte[] end = ("end\t" + crc(body, body.length) + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[body.length + end.length];
    System.arraycopy(body, 0, out, 0, body.length);
    System.arraycopy(end, 0, out, body.length, end.length);
    return out;
  }

  /** The summarised files by name, or null if {@code bytes} is not exactly a summary. */
  static Map<String, FileSummary> parse(byte[] bytes) {
    try {
      return parseOrFail(bytes);
    } catch (IllegalArgumentException
        | IndexOutOfBoundsException
        | ArithmeticException
        | CharacterCodingException e) {
      return null;
    }
  }

  private static Map<String, FileSummary> parseOrFail(byte[] bytes)
      throws CharacterCodingException {
    int endLine = lastLineStart(bytes);
    String end = new String(bytes, endLine, bytes.length - endLine, StandardCharsets.US_ASCII);
    require(end.equals("end\t" + crc(bytes, endLine) + "\n"));
    String body =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, 0, endLine))
            .toString();
    String[] lines = body.split("\n", -1);
    require(lines[0].equals(VERSION)); // the body ends with \n: its last split is empty
    Map<String, FileSummary> files = new LinkedHashMap<>();
    int i = 1;
    while (i < lines.length - 1) {
      String[] f = lines[i++].split("\t", -1);
      require(f.length == 8 && f[0].equals("file"));
      String name = unescape(f[1]);
      Stamp stamp = new Stamp(number(f[2]), number(f[3]), number(f[4]), number(f[5]), number(f[6]));
      int badLine = Math.toIntExact(number(f[7]));
      Map<String, Family> families = new LinkedHashMap<>();
      Map<String, JobNames> jobs = new HashMap<>();
      while (i < lines.length - 1 && lines[i].startsWith("family\t")) {
        String[] m = lines[i++].split("\t", -1);
        require(m.length >= 6 && TYPES.contains(m[2]) && !m[1].isEmpty());
        String help = m[3].equals(NO_HELP) ? null : unescape(m[3]);
        int samples = Math.toIntExact(number(m[4]));
        require(samples > 0 && families.put(m[1], new Family(m[1], m[2], help, samples)) == null);
        jobs.put(m[1], jobNames(m));
      }
      require(files.put(name, new FileSummary(name, stamp, badLine, families, jobs)) == null);
    }
    return files;
  }

  private static JobNames jobNames(String[] m) {
    if (m[5].equals("*")) {
      require(m.length == 6);
      return JobNames.MANY;
    }
    int n = Math.toIntExact(number(m[5]));
    List<String> names = new ArrayList<>();
    for (int j = 6; j < m.length; j++) {
      names.add(unescape(m[j]));
    }
    require(Set.copyOf(names).size() == n); // as many names as said, none twice
    return new JobNames(Set.copyOf(names), false);
  }

  private static int lastLineStart(byte[] bytes) {
    require(bytes.length > 0 && bytes[bytes.length - 1] == '\n');
    int i = bytes.length - 2;
    while (i >= 0 && bytes[i] != '\n') {
      i--;
    }
    return i + 1;
  }

  private static String crc(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return String.format("%08x", crc.getValue());
  }

  private static long number(String s) {
    long n = Long.parseLong(s); // NumberFormatException is an IllegalArgumentException
    require(Long.toString(n).equals(s)); // only what render writes: no "+1", no "01"
    return n;
  }

  static String escape(String s) {
    if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case '\\' -> sb.append('\\');
        case 't' -> sb.append('\t');
        case 'n' -> sb.append('\n');
        default -> throw new IllegalArgumentException("unknown escape \\" + e);
      }
    }
    return sb.toString();
  }

  private static void require(boolean ok) {
    if (!ok) {
      throw new IllegalArgumentException("not a summary");
    }
  }

  /**
   * The summary at {@code p}, or an empty map if it is not exactly one promjob wrote or is not
   * {@linkplain #trusted trusted}.
   */
  static Map<String, FileSummary> load(Path p) {
    try {
      Map<String, Object> attributes =
          Files.readAttributes(p, "unix:isRegularFile,uid", LinkOption.NOFOLLOW_LINKS);
      if (!(Boolean) attributes.get("isRegularFile")) {
        return Map.of(); // never opened: a FIFO would block
      }
      if (!trusted(p.getParent(), (Integer) attributes.get("uid"))) {
        return Map.of();
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
        bytes = in.readNBytes(DirectorySummary.MAX_BYTES + 1);
      }
      Map<String, FileSummary> m = bytes.length > DirectorySummary.MAX_BYTES ? null : parse(bytes);
      return m == null ? Map.of() : m;
    } catch (IOException e) {
      return Map.of();
    }
  }

  /**
   * Whether a summary owned by {@code uid} may stand in for the files. In a directory with the
   * sticky bit (mode 1777, as /tmp) every user may create files but replace only their own: a
   * summary another user made there before the job's first write could never be replaced, and one
   * that leaves out a file's families (with its true stamp: anyone may stat it) would hide a clash
   * for good. There only the job's user's, root's and the directory owner's are trusted, who could
   * replace the job's files anyway; elsewhere anyone who can write the summary could too.
   */
  private static boolean trusted(Path directory, int uid) throws IOException {
    Map<String, Object> dir = Files.readAttributes(directory, "unix:mode,uid");
    if (((Integer) dir.get("mode") & 01000) == 0 || uid == 0 || uid == (Integer) dir.get("uid")) {
      return true;
    }
    // /proc/self belongs to the process's effective user; where there is none, nothing is trusted.
    return Files.exists(PROC_SELF) && uid == (Integer) Files.getAttribute(PROC_SELF, "unix:uid");
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ (0400) first
    for (int bit = 0; bit < 9; bit++) {
      if ((mode & (0400 >> bit)) != 0) {
        s.add(all[bit]);
      }
    }
    return s;
  }
}
