/**
 * The textfile backend, for machine-bound jobs: one {@code .prom} file per job in node_exporter's
 * textfile-collector directory, replaced atomically (temp file in the same directory, fsync, mode,
 * rename, directory fsync) under a per-job lock, never a file node_exporter would reject or drop.
 */
package dev.promjob.textfile;
