package dev.promjob.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Words {@link BootPushgatewayClashException} the way Boot prints a failed start: both settings,
 * what Boot's push would do to promjob's group, and the ways out.
 *
 * <pre>{@code
 * FailureAnalysis a = new BootPushgatewayClashFailureAnalyzer().analyze(clash);
 * }</pre>
 */
public final class BootPushgatewayClashFailureAnalyzer
    extends AbstractFailureAnalyzer<BootPushgatewayClashException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, BootPushgatewayClashException cause) {
    BootPushgateway boot = cause.boot();
    String grouping =
        boot.groupingKey().isEmpty()
            ? "no grouping key"
            : "grouping key "
                + boot.groupingKey()
                + " ("
                + BootPushgateway.PREFIX
                + ".grouping-key)";
    return new FailureAnalysis(
        "Spring Boot's own Pushgateway push and promjob push to the same Pushgateway group "
            + boot.group()
            + ".\n\n    Spring Boot: "
            + BootPushgateway.PREFIX
            + ".enabled=true, job from "
            + boot.jobSetting()
            + ", "
            + grouping
            + "\n    promjob:     job '"
            + cause.jobName()
            + "' on the Pushgateway ("
            + cause.backendSetting()
            + ")\n\nBoot pushes its whole registry into that group on a timer, and its"
            + " shutdown-operation put or delete replaces or removes the group, promjob's last"
            + " success included.",
        "Give Boot's push a group of its own: set "
            + BootPushgateway.PREFIX
            + ".job (or a "
            + BootPushgateway.PREFIX
            + ".grouping-key entry) to a value no promjob job uses, or rename promjob job '"
            + cause.jobName()
            + "', or turn Boot's push off with "
            + BootPushgateway.PREFIX
            + ".enabled=false.",
        cause);
  }
}
