package dev.promjob.textfile;

import dev.promjob.spi.ReportRefusedException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file a report would write clashes with other files of the textfile directory, in a way that
 * makes node_exporter drop series without any scrape error. Nothing was written; the previous file
 * is intact.
 *
 * <pre>{@code
 * catch (TextfileConflictException e) { e.conflicts().forEach(System.err::println); }
 * }</pre>
 */
public final class TextfileConflictException extends ReportRefusedException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final List<String> conflicts;

  TextfileConflictException(Path file, List<String> conflicts) {
    super(
        "refusing to write "
            + file
            + ": it would clash with other files of the directory, and node_exporter would drop"
            + " series without a scrape error ("
            + "set promjob.textfile.guard=warn to write anyway): "
            + String.join("; ", conflicts));
    this.file = file;
    this.conflicts = List.copyOf(conflicts);
  }

  /** The file that was not written. */
  public Path file() {
    return file;
  }

  /** One sentence per clash, naming the family or series and the other file. */
  public List<String> conflicts() {
    return conflicts;
  }
}
