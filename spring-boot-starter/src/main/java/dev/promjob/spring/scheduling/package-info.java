/**
 * {@code @Scheduled} methods of a long-running Spring Boot application reported as promjob jobs
 * through the application's own registry, served at {@code /actuator/prometheus}: nothing pushed.
 */
package dev.promjob.spring.scheduling;
