package org.operando.ops;

import org.operando.ops.cli.ErrorMessage;
import org.operando.ops.cli.OperandoCommand;
import picocli.CommandLine;

/** Entry point of {@code bin/operando}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 2 usage error, 1 failure). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new OperandoCommand());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("operando: " + ex.getMessage() + " (see 'operando "
                    + ex.getCommandLine().getCommandName().replace("operando", "").trim() + " --help')".replace("operando  ", "operando "));
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // one line from the whole cause chain; the stack trace only when asked for (-Doperando.stacktrace=true)
            commandLine.getErr().println("operando: " + ErrorMessage.of(ex));
            if (Boolean.getBoolean("operando.stacktrace")) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }
}
