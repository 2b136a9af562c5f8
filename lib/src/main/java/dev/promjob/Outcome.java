package dev.promjob;

/** How a run ended. */
public enum Outcome {
  /** The run did its work; its end time becomes the job's last success timestamp. */
  SUCCESS,
  /** The run failed; the job's last success timestamp is kept as it was. */
  FAILURE
}
