package dev.promjob.spring;

import dev.promjob.Reporter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * promjob in a Spring Boot application: a {@link Reporter} bean, unless the application declares
 * its own.
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.promjob</groupId>
 *   <artifactId>promjob-spring-boot-starter</artifactId>
 * </dependency>
 * }</pre>
 */
@AutoConfiguration
public class PromjobAutoConfiguration {

  /** The reporter every integration of this application reports through. */
  @Bean
  @ConditionalOnMissingBean
  public Reporter promjobReporter() {
    return Reporter.fromConfig();
  }
}
