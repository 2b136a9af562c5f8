package dev.promjob.textfile;

import dev.promjob.textformat.TextFormat;
import java.io.IOException;
import java.util.Map;

/**
 * What the directory guard knows of the file being written, from its rendering rather than from a
 * read of the written file: its families as node_exporter will read them, and its samples, which
 * the guard asks for only when another file holds series of those families with the job's labels.
 *
 * @param families the families with at least one sample, by name
 * @param samples replays the file's samples (rendered again in memory, never read from disk)
 */
record NewFile(Map<String, TextFormat.Family> families, Samples samples) {

  /** Calls the handler for every sample of the new file. */
  @FunctionalInterface
  interface Samples {
    void each(TextFormat.SampleHandler handler) throws IOException;
  }
}
