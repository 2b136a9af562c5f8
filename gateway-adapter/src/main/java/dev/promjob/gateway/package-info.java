/**
 * The Pushgateway backend, for service-level jobs: one group per job, pushed over HTTP within a
 * deadline, found through {@link java.util.ServiceLoader} as the {@code pushgateway} backend.
 */
package dev.promjob.gateway;
