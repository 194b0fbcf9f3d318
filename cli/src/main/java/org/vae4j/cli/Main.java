package org.vae4j.cli;

import ai.djl.engine.Engine;
import java.io.PrintWriter;
import java.util.List;
import org.vae4j.BadInputException;
import org.vae4j.Versions;
import org.vae4j.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/** The {@code vae4j} command: train, sample, reconstruct, evaluate and inspect variational autoencoders. */
@Command(
        name = "vae4j",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Variational autoencoders for the JVM: train, sample, reconstruct, evaluate, transfer.",
        subcommands = {
            TrainCommand.class,
            SampleCommand.class,
            ReconstructCommand.class,
            EvaluateCommand.class,
            EncodeCommand.class,
            InterpolateCommand.class,
            TraverseCommand.class,
            PlotCommand.class,
            TransferCommand.class,
            InpaintCommand.class,
            CompareCommand.class,
            ImputeCommand.class,
            ScoreCommand.class,
            InfoCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:failed (training diverged, internal error)",
            "2:bad usage or bad input (missing or malformed file, wrong shape, bad option value)"
        },
        sortOptions = false)
public final class Main implements Runnable {
    /** Exit code for a user error. */
    public static final int BAD_INPUT = 2;
    /** Exit code for a failure that is not the user's input. */
    public static final int FAILED = 1;

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Print stack traces and engine log messages.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<String> names = spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
        throw new ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1));
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line with the given output streams, for tests and embedding.
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // The runtime (engine logging) is set up once the arguments are parsed and before anything runs.
        cl.setExecutionStrategy(parsed -> {
            configureRuntime(verbose(parsed));
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            if (ex instanceof CommandLine.UnmatchedArgumentException u && c.getCommandName().equals("vae4j")
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
                List<String> suggestions = u.getSuggestions();
                c.getErr().println("vae4j: unknown command '" + u.getUnmatched().get(0) + "'"
                        + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)")
                        + "; commands: " + String.join(", ", c.getSubcommands().keySet()));
                c.getErr().flush();
                return BAD_INPUT;
            }
            c.getErr().println(c.getCommandName().equals("vae4j") ? "vae4j: " + ex.getMessage()
                    : c.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                            + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            String name = c.getCommandSpec().qualifiedName(); // "vae4j plot latent" for a nested command
            boolean verbose = verbose(parseResult);
            if (verbose) {
                ex.printStackTrace(c.getErr());
            }
            if (ex instanceof BadInputException) {
                c.getErr().println(name + ": " + ex.getMessage());
                return BAD_INPUT;
            }
            if (ex instanceof TrainingDivergedException || ex instanceof CommandFailedException) {
                c.getErr().println(name + ": " + ex.getMessage());
                return FAILED;
            }
            c.getErr().println(name + ": failed: " + ex + (verbose ? "" : " (run with --verbose for details)"));
            return FAILED;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** @return whether {@code --verbose} was given to the command or any of its subcommands */
    static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static void configureRuntime(boolean verbose) {
        // Never let the engine reach for the network: the PyTorch natives come from the Maven native jar.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        if (!verbose) {
            // On machines without a GPU driver DJL warns at every start that it found none; that is expected.
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        }
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * @return the engine's thread pools as PyTorch reports them: PyTorch's own defaults, unless
     *     {@code -Dai.djl.pytorch.num_threads} and {@code -Dai.djl.pytorch.num_interop_threads} are given (e.g.
     *     through {@code VAE4J_JAVA_OPTS}), which DJL applies when the engine starts
     */
    static String engineThreads() {
        Engine.getInstance(); // starts the engine, and with it the properties' thread settings
        return "engine threads: " + ai.djl.pytorch.jni.JniUtils.getNumThreads() + " intra-op, "
                + ai.djl.pytorch.jni.JniUtils.getNumInteropThreads() + " inter-op";
    }

    /** Prints vae4j's, DJL's and the engine's versions, and the engine's thread pools. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "vae4j " + Versions.vae4j(),
                "DJL " + Versions.djl() + ", engine " + Versions.engine(),
                engineThreads(),
                "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch")
            };
        }
    }
}
