package dev.hearth.model;

/** How urgent a finding is; {@code CRITICAL} pages, {@code WARNING} opens a ticket, {@code INFO} is recorded. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
