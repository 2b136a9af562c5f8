/**
 * Spring Batch 6: every {@code Job} bean of the application reported through promjob, one run per
 * {@code JobExecution}, configured under {@code promjob.batch.*}.
 */
package dev.promjob.spring.batch;
