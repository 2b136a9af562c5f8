/**
 * Whole-process benchmarks: promjob's rows of the peers harness ({@code samples/bench/peers.sh},
 * {@link dev.promjob.samples.bench.PeerRun}) and the paired timings of {@code
 * samples/bench/textfile-job.sh} and {@code samples/bench/startup.sh} ({@code PairedRuns}).
 */
package dev.promjob.samples.bench;
