package dev.hearth.controlplane.cli;

/** A problem the user can fix; printed as one line, without a stack trace, exit code 1. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
