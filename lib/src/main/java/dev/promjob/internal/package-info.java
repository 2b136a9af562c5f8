/**
 * Not API: the rules on names and labels, and the helpers lib's packages share. May change in any
 * release; nothing outside lib should use it.
 */
package dev.promjob.internal;
