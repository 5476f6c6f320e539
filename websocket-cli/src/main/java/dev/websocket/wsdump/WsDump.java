package dev.websocket.wsdump;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Http2Mode;
import dev.websocket.client.WebSocket;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The {@code wsdump} command: parses the options, connects (to the embedded echo server with {@code
 * --local-echo}), then runs a {@link Session} between the user and the server.
 *
 * <p>{@link #run} takes the streams and environment it works with instead of using the process's,
 * so tests drive the whole tool in-process; only {@link #main} looks at the real ones.
 */
public final class WsDump {

  /** Exit status of a session that ended normally, the server's close included. */
  public static final int EXIT_OK = 0;

  /**
   * Exit status after an error: unreachable host, bad URL, refused handshake, TLS, proxy, lost
   * connection.
   */
  public static final int EXIT_ERROR = 1;

  /** Exit status of a command line that could not be parsed, as Python's argparse returns. */
  public static final int EXIT_USAGE = 2;

  /** The history file's name, in the user's home directory. */
  public static final String HISTORY_FILE = ".wsdump_history";

  /** The prefix of every error line on standard error. */
  static final String ERROR_PREFIX = "wsdump: error: ";

  private static final String NETTY_JFR = "io.netty.jfr.enabled";

  private WsDump() {}

  /** Runs the tool on the process's terminal or pipes, then exits with its status. */
  public static void main(String[] args) {
    // Netty's buffer allocation events start Flight Recorder's machinery, which costs a short-lived
    // tool a tenth of a second; -Dio.netty.jfr.enabled=true brings them back.
    if (System.getProperty(NETTY_JFR) == null) {
      System.setProperty(NETTY_JFR, "false");
    }
    NettyLog.quiet(true);
    System.exit(run(args, System.in, System.out, System.err, System.getenv(), onTerminal()));
  }

  /** Whether standard input and output are both a terminal. */
  static boolean onTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    // Up to Java 21 a console exists only on a terminal; from Java 22 it always exists, and
    // Console.isTerminal() (new in 22, so called reflectively) tells.
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * Runs the tool with input from a stream (never a terminal): lines read from {@code in} are sent,
   * and received messages are printed to {@code out} without colour or prompt.
   *
   * @param env the environment: {@code HOME} locates the history, {@code NO_COLOR} turns colour off
   * @return the exit status: {@link #EXIT_OK}, {@link #EXIT_ERROR} or {@link #EXIT_USAGE}
   */
  public static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, in, out, err, env, false);
  }

  /**
   * Runs the tool.
   *
   * @param terminal whether {@code in} and {@code out} are the process's terminal: then lines are
   *     edited with JLine, kept in the history, and messages printed in colour under a prompt
   */
  static int run(
      String[] args,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      boolean terminal) {
    long startNanos = System.nanoTime();
    WsDumpOptions options = new WsDumpOptions();
    CommandLine commandLine = new CommandLine(options);
    try {
      CommandLine.ParseResult parsed = commandLine.parseArgs(args);
      if (parsed.isUsageHelpRequested()) {
        commandLine.usage(new PrintWriter(out, true, StandardCharsets.UTF_8));
        return EXIT_OK;
      }
      if (parsed.isVersionHelpRequested()) {
        commandLine.printVersionHelp(new PrintWriter(out, true, StandardCharsets.UTF_8));
        return EXIT_OK;
      }
      options.validate();
    } catch (ParameterException e) {
      err.println(ERROR_PREFIX + e.getMessage() + " (see wsdump --help)");
      return EXIT_USAGE;
    }

    boolean trace = options.verbosity() >= 2;
    if (trace) {
      WebSocket.enableTrace(true, err);
      NettyLog.quiet(false);
    }
    EchoServer echoServer = null;
    EventLoopGroup group = null;
    try {
      String url = options.url();
      if (options.localEcho()) {
        echoServer = EchoServer.start();
        url = echoServer.url();
        err.println("wsdump: started an echo server on " + url);
      }
      // An NIO group of its own, stopped before the tool returns: one connection gains nothing
      // from epoll, which would unpack and load its native library at every start, and a thread
      // still waiting in epoll_wait when the JVM exits holds the exit up by 300 ms.
      group =
          new MultiThreadIoEventLoopGroup(
              1, new DefaultThreadFactory("wsdump", true), NioIoHandler.newFactory());
      ConnectOptions connectOptions =
          options.connectOptions().toBuilder().eventLoopGroup(group).build();
      try (WebSocket ws = WebSocket.connect(url, connectOptions);
          WsDumpConsole console = WsDumpConsole.open(options, in, out, env, terminal)) {
        if (options.http2() != Http2Mode.OFF) {
          err.println("wsdump: connected over " + ws.httpVersion());
        }
        console.greet();
        IOException failure =
            new Session(
                    ws,
                    options,
                    console.input(),
                    console.printer(),
                    MessageFormatter.of(options, console.colour()),
                    startNanos)
                .run();
        if (failure != null) {
          return fail(err, failure, trace);
        }
      }
      return EXIT_OK;
    } catch (IOException | RuntimeException e) {
      return fail(err, e, trace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(err, e, trace);
    } finally {
      if (group != null) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      }
      if (echoServer != null) {
        echoServer.close();
      }
      if (trace) {
        WebSocket.enableTrace(false, null);
      }
    }
  }

  private static int fail(PrintStream err, Throwable error, boolean trace) {
    err.println(ERROR_PREFIX + ErrorMessages.of(error));
    if (trace) {
      error.printStackTrace(err);
    }
    err.flush();
    return EXIT_ERROR;
  }

  /** The history file in the home directory named by {@code HOME}, else by {@code user.home}. */
  static Path historyFile(Map<String, String> env) {
    String home = env.get("HOME");
    return Path.of(
        home != null && !home.isEmpty() ? home : System.getProperty("user.home"), HISTORY_FILE);
  }
}
