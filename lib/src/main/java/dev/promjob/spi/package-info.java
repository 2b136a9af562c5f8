/**
 * The seam for backends: {@link dev.promjob.spi.Backend} delivers a {@link dev.promjob.Report},
 * {@link dev.promjob.spi.BackendProvider} makes one from configuration and is found with {@link
 * java.util.ServiceLoader}.
 */
package dev.promjob.spi;
