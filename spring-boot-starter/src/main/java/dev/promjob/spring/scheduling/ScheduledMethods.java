package dev.promjob.spring.scheduling;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.Schedules;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringValueResolver;

/**
 * Finds every {@code @Scheduled} method as Spring's own post-processor does, and records it under
 * the key Spring's scheduled-task observation names it by: the bean's user class and the method as
 * invoked on the bean. The bean is returned unchanged: nothing is proxied or wrapped.
 *
 * <p>Not {@link org.springframework.core.Ordered}: it runs after every ordered post-processor, the
 * proxy creators included, so it sees the bean Spring schedules.
 */
final class ScheduledMethods implements BeanPostProcessor, EmbeddedValueResolverAware {

  /** How Spring's observation context names one method of one class. */
  record Key(Class<?> targetClass, Method method) {}

  /**
   * A scheduled method: the first bean seen that schedules it, its declared method and its
   * {@code @Scheduled} annotations with {@code ${...}} resolved.
   */
  record Target(String beanName, Method method, List<Trigger> triggers) {}

  /** One {@code @Scheduled} annotation's values, placeholders resolved. */
  record Trigger(
      String cron,
      String zone,
      long fixedRate,
      String fixedRateString,
      long fixedDelay,
      String fixedDelayString,
      java.util.concurrent.TimeUnit timeUnit) {}

  private final Map<Key, Target> targets = new ConcurrentHashMap<>();
  private final Map<Key, Set<String>> beans = new ConcurrentHashMap<>();
  private volatile StringValueResolver resolver;

  @Override
  public void setEmbeddedValueResolver(StringValueResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> userClass = AopProxyUtils.ultimateTargetClass(bean);
    if (!AnnotationUtils.isCandidateClass(userClass, List.of(Scheduled.class, Schedules.class))) {
      return bean;
    }
    Map<Method, Set<Scheduled>> annotated =
        MethodIntrospector.selectMethods(
            userClass,
            (MethodIntrospector.MetadataLookup<Set<Scheduled>>)
                method -> {
                  Set<Scheduled> s =
                      AnnotatedElementUtils.getMergedRepeatableAnnotations(
                          method, Scheduled.class, Schedules.class);
                  return s.isEmpty() ? null : s;
                });
    annotated.forEach(
        (method, scheduled) -> {
          // As ScheduledMethodRunnable's observation context will name it.
          Key key =
              new Key(
                  ClassUtils.getUserClass(bean),
                  AopUtils.selectInvocableMethod(method, bean.getClass()));
          targets.putIfAbsent(
              key, new Target(beanName, method, scheduled.stream().map(this::resolved).toList()));
          beans.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(beanName);
        });
    return bean;
  }

  private Trigger resolved(Scheduled s) {
    return new Trigger(
        resolve(s.cron()),
        resolve(s.zone()),
        s.fixedRate(),
        resolve(s.fixedRateString()),
        s.fixedDelay(),
        resolve(s.fixedDelayString()),
        s.timeUnit());
  }

  private String resolve(String value) {
    StringValueResolver r = resolver;
    if (r == null || value.isEmpty()) {
      return value;
    }
    String resolved = r.resolveStringValue(value);
    return resolved == null ? "" : resolved;
  }

  /** The scheduled method Spring's observation names {@code key}, if it is a known one. */
  Target target(Key key) {
    return targets.get(key);
  }

  /** Every scheduled method found so far. */
  Map<Key, Target> all() {
    return Map.copyOf(targets);
  }

  /** The beans that schedule the method of {@code key}: more than one share one job. */
  Collection<String> beans(Key key) {
    return beans.getOrDefault(key, Set.of());
  }
}
