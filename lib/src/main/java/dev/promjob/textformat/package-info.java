/**
 * A strict reader of the text exposition format 0.0.4 as node_exporter 1.5's textfile collector
 * reads it: {@link dev.promjob.textformat.TextFormat} accepts what the collector serves and
 * refuses, with the line and the rule, what would make it skip a file. Public so that the command
 * line's {@code lint} and {@code write}, and the contract kit, read text the way lib verifies it.
 */
package dev.promjob.textformat;
