package dev.hearth.controlplane.ops;

/** Evaluates one PromQL expression now: Prometheus's HTTP API in the live check, a table in its unit test. */
@FunctionalInterface
interface QueryRunner {
    QueryOutcome query(String expr) throws InterruptedException;
}
