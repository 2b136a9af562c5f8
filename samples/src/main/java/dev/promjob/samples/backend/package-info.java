/**
 * A backend written as a third party would write one, against promjob's public API and SPI only
 * ({@code dev.promjob}, {@code dev.promjob.spi}, {@code dev.promjob.textformat}): each job's last
 * report is a file in one directory. {@code docs/backends.md} walks through it; its test holds it
 * to the contract kit.
 */
package dev.promjob.samples.backend;
