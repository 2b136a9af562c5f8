/** The promjob rows of the whole-process peers harness ({@code samples/bench/peers.sh}). */
package dev.promjob.samples.bench;
