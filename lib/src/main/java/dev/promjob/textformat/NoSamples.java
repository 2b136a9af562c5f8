package dev.promjob.textformat;

/**
 * {@link TextFormat.SampleHandler#NONE}: a parse that only checks the text and keeps no sample. A
 * class rather than a lambda: each lambda costs a cold process about 1 ms on its first use, and
 * every textfile write checks its text.
 */
final class NoSamples implements TextFormat.SampleHandler {
  @Override
  public void sample(
      String family,
      String sampleName,
      String[] labelNames,
      String[] labelValues,
      int labelCount,
      double value) {}
}
