/**
 * The contract every promjob backend keeps, as JUnit 5 tests: a backend's test class extends {@link
 * dev.promjob.contract.BackendContract}, says how to make the backend and how to read back what its
 * consumer sees, and inherits the tests. The textfile and Pushgateway backends pass it, and so must
 * a backend from outside promjob.
 */
package dev.promjob.contract;
