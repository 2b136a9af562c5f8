/**
 * Runnable jobs: a host's cron job on the textfile backend, a service-level export on the
 * Pushgateway, and a job that configuration moves between them. The README's Quick start runs one.
 */
package dev.promjob.samples;
