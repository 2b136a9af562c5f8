/**
 * The {@code promjob} command line: {@code run} wraps a command as one run of a job, {@code write}
 * installs a script's metrics, {@code lint} reads a textfile directory as node_exporter would, and
 * {@code delete} retires a job. A thin client of lib's pipeline: it adds no rule of its own on
 * names, files or pushes.
 *
 * <pre>{@code
 * promjob run --job apt_update --every 1d -- apt-get -q update
 * }</pre>
 */
package dev.promjob.cli;
