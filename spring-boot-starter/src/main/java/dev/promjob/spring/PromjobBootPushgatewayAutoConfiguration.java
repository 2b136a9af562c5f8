package dev.promjob.spring;

import dev.promjob.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Refuses to start when Spring Boot's own Pushgateway push would write into the group of a promjob
 * job (see {@link BootPushgateway}). The check runs before Boot's {@code
 * PrometheusPushGatewayManager} is made, which it is made to depend on: a refused start must not
 * push once, nor run Boot's shutdown operation on promjob's group while the context closes.
 *
 * <pre>{@code
 * management.prometheus.metrics.export.pushgateway.enabled=true
 * management.prometheus.metrics.export.pushgateway.job=nightly   # refused if promjob pushes 'nightly'
 * }</pre>
 */
@AutoConfiguration(after = PromjobAutoConfiguration.class)
@ConditionalOnBean(Config.class)
@ConditionalOnClass(
    name = {
      PromjobBootPushgatewayAutoConfiguration.PUSH_GATEWAY,
      PromjobBootPushgatewayAutoConfiguration.MANAGER
    })
@ConditionalOnBooleanProperty(BootPushgateway.PREFIX + ".enabled")
public class PromjobBootPushgatewayAutoConfiguration {
  static final String PUSH_GATEWAY = "io.prometheus.metrics.exporter.pushgateway.PushGateway";
  static final String MANAGER =
      "org.springframework.boot.micrometer.metrics.export.prometheus.PrometheusPushGatewayManager";
  static final String CHECK = "promjobBootPushgatewayCheck";

  /** Makes every Boot push manager depend on the check, so the check runs first. */
  @Bean
  static BeanFactoryPostProcessor promjobBootPushgatewayOrder() {
    return factory -> {
      Class<?> manager = ClassUtils.resolveClassName(MANAGER, factory.getBeanClassLoader());
      for (String name : factory.getBeanNamesForType(manager, true, false)) {
        BeanDefinition definition = factory.getBeanDefinition(name);
        List<String> dependsOn = new ArrayList<>();
        if (definition.getDependsOn() != null) {
          dependsOn.addAll(Arrays.asList(definition.getDependsOn()));
        }
        dependsOn.add(CHECK);
        definition.setDependsOn(dependsOn.toArray(String[]::new));
      }
    };
  }

  /**
   * Made only when a Boot push manager is (lazy, and depended on): with Boot's export off there is
   * no push to refuse. Only with promjob's configuration (off with {@code promjob.enabled=false}):
   * the backend of each job is read from it.
   */
  @Bean(CHECK)
  @Lazy
  Checked promjobBootPushgatewayCheck(
      Environment environment, ObjectProvider<PromjobJobs> jobs, Config config) {
    BootPushgateway.of(environment)
        .ifPresent(
            boot ->
                boot.refuseClash(
                    jobs.orderedStream().flatMap(j -> j.jobs().stream()).toList(), config));
    return new Checked();
  }

  /** The check's bean: a type of its own, so that nothing is injected with it by accident. */
  static final class Checked {}
}
