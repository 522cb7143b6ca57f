package io.sigdrift.pipeline.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code sigdrift <command> [options]}: dispatches to a {@link Command}. Exit codes: 0 ok, 1 run-time
 * failure (one clear line, no stack trace; set SIGDRIFT_DEBUG=1 to see it), 2 bad usage.
 */
public final class Main {
    private final List<Command> commands;

    public Main(List<Command> commands) {
        this.commands = List.copyOf(commands);
    }

    /** Every command of the CLI, in the order `sigdrift help` lists them. */
    public static List<Command> defaultCommands() {
        List<Command> c = new ArrayList<>();
        c.add(new ReduceCommand());
        c.add(new CompareCommand());
        // ---- more commands are registered here (e.g. run, demo), one line each ----
        c.add(new io.sigdrift.pipeline.cli.RunCommand());
        c.add(new io.sigdrift.pipeline.cli.DemoCommand());
        c.add(new LabelCommand());
        return c;
    }

    public static void main(String[] args) {
        int code = new Main(defaultCommands()).run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(usage());
            return 2;
        }
        String name = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            if (rest.length == 0) {
                out.print(usage());
                return 0;
            }
            Command c = find(rest[0]);
            if (c == null) {
                err.println("sigdrift: unknown command '" + rest[0] + "'");
                err.print(usage());
                return 2;
            }
            return execute(c, new String[] {"--help"}, out, err);
        }
        Command c = find(name);
        if (c == null) {
            err.println("sigdrift: unknown command '" + name + "'");
            err.print(usage());
            return 2;
        }
        return execute(c, rest, out, err);
    }

    private static int execute(Command c, String[] args, PrintStream out, PrintStream err) {
        try {
            return c.run(args, out, err);
        } catch (UsageException e) {
            err.println("sigdrift " + c.name() + ": " + e.getMessage());
            return 2;
        } catch (CliFailure e) {
            err.println(e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("sigdrift " + c.name() + ": out of memory; give Java more with SIGDRIFT_JAVA_OPTS=-Xmx4g");
            return 1;
        } catch (Exception e) {
            err.println("sigdrift " + c.name() + ": failed: " + e);
            if (System.getenv("SIGDRIFT_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private Command find(String name) {
        for (Command c : commands) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    String usage() {
        StringBuilder sb = new StringBuilder("Usage: sigdrift <command> [options]\n\n"
                + "sigdrift turns machine logs into signatures (structural templates) and reports what changed.\n\n"
                + "Commands:\n");
        int width = 4;
        for (Command c : commands) {
            width = Math.max(width, c.name().length());
        }
        for (Command c : commands) {
            sb.append("  ").append(c.name()).append(" ".repeat(width - c.name().length() + 3)).append(c.summary())
                    .append('\n');
        }
        sb.append("  help").append(" ".repeat(width - 1)).append("this text; 'sigdrift help <command>' or "
                + "'sigdrift <command> --help' for a command's options\n");
        return sb.toString();
    }
}
