package dev.promjob.textfile;

import dev.promjob.BatchMetrics;
import dev.promjob.InProgress;
import dev.promjob.Job;
import dev.promjob.internal.Checks;
import dev.promjob.spi.Carried;
import dev.promjob.spi.Exposition;
import dev.promjob.spi.InProgressExposition;
import dev.promjob.textformat.CheckedText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The runs of a job in progress as its file holds them, read and written under the job's lock. The
 * file's second line lists them, {@code # promjob runs in progress: <run>@<start ms> ...}, a
 * comment node_exporter ignores; the families of {@link BatchMetrics#inProgress} say how many and
 * the oldest start. Each run adds itself when it starts and takes itself out when it reports, so
 * two overlapping runs (two processes, two {@code promjob run}s) never hide each other's start. A
 * run whose process is gone from this host (SIGKILL, the OOM killer) stays listed, and seen, until
 * the next run of the job starts or ends, which leaves it out.
 */
final class InProgressFile {
  static final String LINE = "# promjob runs in progress:";
  private static final byte[] LINE_BYTES = LINE.getBytes(StandardCharsets.US_ASCII);
  private static final List<String> FAMILIES =
      List.of(BatchMetrics.RUNS_IN_PROGRESS, BatchMetrics.RUN_START, BatchMetrics.MAX_RUNTIME);

  /** One run listed: its id and start. */
  record Entry(String run, Instant start) {}

  private final List<Entry> runs;
  private final byte[] body;

  private InProgressFile(List<Entry> runs, byte[] body) {
    this.runs = runs;
    this.body = body;
  }

  /**
   * What {@code file} holds (nothing if it does not exist): its runs in progress whose process is
   * alive, and with {@code wantBody} its series but those of {@link BatchMetrics#inProgress}.
   */
  static InProgressFile read(Path file, Job job, boolean wantBody) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return new InProgressFile(List.of(), new byte[0]);
    }
    OwnedFile.read(file, job, false, false); // a link, a FIFO, another tool's file: refused
    return readOwned(file, wantBody);
  }

  /** As {@link #read}, of a file {@link OwnedFile#read} has checked under the job's lock. */
  private static InProgressFile readOwned(Path file, boolean wantBody) throws IOException {
    try (InputStream in = OwnedFile.openOwn(file)) {
      if (in == null) {
        return new InProgressFile(List.of(), new byte[0]);
      }
      byte[] first = readLine(in);
      List<Entry> runs = new ArrayList<>();
      ByteArrayOutputStream kept = new ByteArrayOutputStream(wantBody ? 4096 : 0);
      if (startsWith(first, LINE_BYTES)) {
        String list = new String(first, LINE_BYTES.length, first.length - LINE_BYTES.length, UTF8);
        for (String e : list.strip().split(" +")) {
          entry(e, runs);
        }
      } else if (wantBody) {
        keep(first, kept);
      }
      while (wantBody) {
        byte[] line = readLine(in);
        if (line.length == 0) {
          break;
        }
        keep(line, kept);
      }
      return new InProgressFile(runs, kept.toByteArray());
    } catch (NoSuchFileException e) {
      return new InProgressFile(List.of(), new byte[0]); // the job's first report
    } catch (IOException e) {
      throw IoMessages.withPath("cannot read the runs in progress of " + file, e);
    }
  }

  /**
   * What a report of {@code exposition} leaves in {@code file}: the runs in progress but its own. A
   * report that carries no run of its own (a job that does not mark its start, an invocation that
   * found the run lock held) leaves them all: nothing, for a job none of whose runs marks its
   * start. Called once {@link OwnedFile#carried} has checked {@code file} under the job's lock.
   */
  static InProgressFile afterReport(Path file, Exposition exposition) throws IOException {
    // Not OwnedFile.read again: a report would open the file three times instead of twice.
    InProgressFile listed = readOwned(file, false);
    Optional<InProgress> ended = exposition.report().inProgress();
    return ended.isEmpty() ? listed : listed.without(ended.get());
  }

  /**
   * {@code exposition} with the runs in progress as this file counts them; for a report that
   * carries none of its own, those the file lists, so that the runs still in progress stay seen.
   */
  Exposition counted(Exposition exposition) {
    Optional<InProgress> ended = exposition.report().inProgress();
    if (ended.isPresent()) {
      return exposition.with(counted(ended.get()));
    }
    if (runs.isEmpty()) {
      return exposition;
    }
    Entry oldest = runs.stream().min(Comparator.comparing(Entry::start)).orElseThrow();
    return exposition.with(
        new InProgress(
            exposition.job(), oldest.run(), oldest.start(), runs.size(), oldest.start()));
  }

  /** With {@code run} added (a start) and the others it lists. */
  InProgressFile with(InProgress run) {
    List<Entry> all = new ArrayList<>(runs);
    all.add(new Entry(run.run(), run.start()));
    return new InProgressFile(all, body);
  }

  /** Without {@code run} (its report). */
  InProgressFile without(InProgress run) {
    List<Entry> left = new ArrayList<>(runs);
    left.removeIf(e -> e.run().equals(run.run()));
    return new InProgressFile(left, body);
  }

  /** {@code run} as the file counts the runs in progress. */
  InProgress counted(InProgress run) {
    Instant oldest =
        runs.stream().map(Entry::start).min(Comparator.naturalOrder()).orElse(run.start());
    return run.with(runs.size(), oldest);
  }

  /** The list line, or nothing when no run is in progress. */
  void writeLine(OutputStream out) throws IOException {
    if (runs.isEmpty()) {
      return;
    }
    StringBuilder line = new StringBuilder(LINE);
    for (Entry e : runs) {
      line.append(' ').append(e.run()).append('@').append(e.start().toEpochMilli());
    }
    out.write(line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** A report's file: the runs still in progress listed, then the report. */
  void writeReport(CheckedText out, Exposition report, Carried previous) throws IOException {
    out.write(OwnedFile.HEADER_BYTES);
    writeLine(out);
    // The families the next run reads back come first, then a line that says so: it stops there.
    // An anonymous class, not a lambda: a lambda costs a cold process about 1 ms on first use.
    out.rendered(
        new CheckedText.Rendering() {
          @Override
          public void writeTo(OutputStream o) throws IOException {
            report.writeText(o, previous, LastSuccess.FAMILIES, LastSuccess.END_LINE);
          }
        });
  }

  /** A start's file: the list, what the previous file held, and the families of the start. */
  void writeStart(CheckedText out, InProgressExposition start) throws IOException {
    out.write(OwnedFile.HEADER_BYTES);
    writeLine(out);
    out.write(body); // the previous file's lines, read back as they are: every line checked
    InProgressExposition counted = start.with(counted(start.inProgress()));
    out.rendered(
        new CheckedText.Rendering() {
          @Override
          public void writeTo(OutputStream o) throws IOException {
            counted.writeText(o);
          }
        });
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static void entry(String e, List<Entry> runs) {
    int at = e.lastIndexOf('@');
    if (at <= 0) {
      return; // not one of promjob's: nothing to count
    }
    try {
      String run = e.substring(0, at);
      if (!Checks.isRunId(run)) {
        return; // damaged: counts no run
      }
      Instant start = Instant.ofEpochMilli(Long.parseLong(e.substring(at + 1)));
      if (InProgress.processAlive(run)) {
        runs.add(new Entry(run, start));
      }
    } catch (NumberFormatException ignored) {
      // a damaged entry counts no run
    }
  }

  /** Keeps the line unless it belongs to one of the families a start or report writes anew. */
  private static void keep(byte[] line, ByteArrayOutputStream kept) {
    String s = new String(line, StandardCharsets.UTF_8);
    for (String f : FAMILIES) {
      if (s.startsWith("# HELP " + f + " ")
          || s.startsWith("# TYPE " + f + " ")
          || s.startsWith(f + "{")
          || s.startsWith(f + " ")) {
        return;
      }
    }
    kept.writeBytes(line);
  }

  /** The next line with its newline, or nothing at the end. */
  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    for (int c; (c = in.read()) != -1; ) {
      line.write(c);
      if (c == '\n') {
        break;
      }
    }
    return line.toByteArray();
  }

  private static boolean startsWith(byte[] line, byte[] prefix) {
    return line.length >= prefix.length
        && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
  }
}
