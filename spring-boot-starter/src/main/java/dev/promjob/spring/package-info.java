/**
 * Spring Boot integration: auto-configuration that reports a Spring Boot application's batch work
 * through promjob's public API, configured from Spring's {@code Environment}.
 */
package dev.promjob.spring;
