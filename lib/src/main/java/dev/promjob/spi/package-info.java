/**
 * The seam for backends: {@link dev.promjob.spi.Backend} delivers a {@link dev.promjob.Report},
 * {@link dev.promjob.spi.BackendProvider} makes one from configuration and is found with {@link
 * java.util.ServiceLoader}; {@link dev.promjob.spi.ConfigKeysProvider} declares the keys of an
 * integration, found the same way.
 */
package dev.promjob.spi;
