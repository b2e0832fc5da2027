package dev.hearth.controlplane;

import dev.hearth.controlplane.cli.HearthCommand;
import dev.hearth.controlplane.cli.UserError;
import picocli.CommandLine;

import java.io.PrintWriter;

/** Entry point of the {@code hearth} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit code (0 ok, 1 failure, 2 wrong usage). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // one-line log records from the libraries that log through java.util.logging
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        CommandLine cli = new CommandLine(new HearthCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError) {
                err.println("hearth: " + e.getMessage());
            } else {
                err.println("hearth: unexpected error: " + e);
                if (System.getenv("HEARTH_DEBUG") != null) {
                    e.printStackTrace(err);
                } else {
                    err.println("(set HEARTH_DEBUG=1 for the stack trace)");
                }
            }
            err.flush();
            return 1;
        });
        return cli.execute(args);
    }
}
