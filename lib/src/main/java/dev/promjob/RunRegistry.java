package dev.promjob;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * A run's registry: refuses, at registration, a metric that node_exporter or the Pushgateway would
 * drop or rename, so the mistake shows where it is made rather than as a missing series later.
 */
final class RunRegistry extends PrometheusRegistry {
  private final MetricRules rules;

  RunRegistry(MetricRules rules) {
    this.rules = rules;
  }

  @Override
  public void register(Collector collector) {
    rules.check(collector);
    super.register(collector);
  }

  @Override
  public void register(MultiCollector collector) {
    rules.check(collector);
    super.register(collector);
  }
}
