package dev.websocket.wsdump;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Http2Mode;
import dev.websocket.client.TlsOptions;
import dev.websocket.proxy.ProxyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The command line: Python wsdump's options with the same names and meanings, plus {@code
 * --local-echo} and {@code --json}. Holds the parsed values and turns them into {@link
 * ConnectOptions}; it does no I/O.
 */
@Command(
    name = "wsdump",
    description =
        "WebSocket Simple Dump Tool: type lines to send them; received messages print as '< message'.",
    mixinStandardHelpOptions = true,
    versionProvider = WsDumpOptions.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true)
final class WsDumpOptions {

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ws_url",
      description = "websocket url. ex. ws://echo.websocket.events/")
  private String url;

  @Option(
      names = {"-p", "--proxy"},
      paramLabel = "URL",
      description =
          "proxy url. ex. http://127.0.0.1:8080, socks5h://user:pass@host:1080"
              + " (http, socks4, socks4a, socks5, socks5h)")
  private String proxy;

  @Option(
      names = {"-v", "--verbose"},
      paramLabel = "N",
      arity = "0..1",
      parameterConsumer = VerbosityConsumer.class,
      description =
          "set verbose mode. If set to 1, show opcode. If set to 2, enable to trace websocket module")
  private int verbosity;

  @Option(
      names = {"-n", "--nocert"},
      description = "Ignore invalid SSL cert")
  private boolean nocert;

  @Option(
      names = {"-r", "--raw"},
      description = "raw output")
  private boolean raw;

  @Option(
      names = {"-s", "--subprotocols"},
      paramLabel = "PROTOCOL",
      arity = "0..*",
      parameterConsumer = SubprotocolConsumer.class,
      description = "Set subprotocols")
  private List<String> subprotocols = new ArrayList<>();

  @Option(
      names = {"-o", "--origin"},
      description = "Set origin")
  private String origin;

  @Option(
      names = "--eof-wait",
      paramLabel = "SECONDS",
      description = "wait time(second) after 'EOF' received.")
  private double eofWait;

  @Option(
      names = {"-t", "--text"},
      description = "Send initial text")
  private String text;

  @Option(names = "--timings", description = "Print timings in seconds")
  private boolean timings;

  @Option(
      names = "--headers",
      paramLabel = "HEADERS",
      description = "Set custom headers. Use ',' as separator, ex. \"A: b, C: d\"")
  private String headers;

  @Option(
      names = "--local-echo",
      description =
          "Start an echo server on a free loopback port and connect to it (no ws_url then)")
  private boolean localEcho;

  @Option(names = "--json", description = "Pretty-print messages that are JSON objects or arrays")
  private boolean json;

  @Option(
      names = "--http2",
      paramLabel = "MODE",
      arity = "0..1",
      parameterConsumer = Http2Consumer.class,
      description =
          "WebSocket over HTTP/2 (RFC 8441) on a wss URL when the server can, else HTTP/1.1;"
              + " --http2=require: HTTP/2 or fail (h2c on a ws URL)")
  private Http2Mode http2 = Http2Mode.OFF;

  /**
   * Checks what picocli cannot: a URL or {@code --local-echo}, not both, and a non-negative wait.
   *
   * @throws ParameterException naming the problem, for a usage error
   */
  void validate() {
    if (url == null && !localEcho) {
      throw new ParameterException(
          spec.commandLine(), "Missing required parameter: 'ws_url' (or --local-echo)");
    }
    if (url != null && localEcho) {
      throw new ParameterException(
          spec.commandLine(), "Give either ws_url or --local-echo, not both");
    }
    if (eofWait < 0 || Double.isNaN(eofWait) || Double.isInfinite(eofWait)) {
      throw new ParameterException(
          spec.commandLine(), "--eof-wait must be a number of seconds, 0 or more: " + eofWait);
    }
    if (headers != null) {
      parseHeaders(headers); // fail before connecting, with the usage message
    }
  }

  /**
   * The client options: proxy, origin, subprotocols, headers and, with {@code -n}, no certificate
   * or host name check.
   *
   * @throws IllegalArgumentException for a malformed proxy URL or header
   */
  ConnectOptions connectOptions() {
    ConnectOptions.Builder builder = ConnectOptions.builder();
    if (proxy != null) {
      builder.proxy(ProxyConfig.parse(proxy));
    }
    if (origin != null) {
      builder.origin(origin);
    }
    if (!subprotocols.isEmpty()) {
      builder.subprotocols(subprotocols.toArray(new String[0]));
    }
    if (nocert) {
      builder.tls(TlsOptions.insecure());
    }
    builder.http2(http2);
    if (headers != null) {
      for (Map.Entry<String, String> header : parseHeaders(headers)) {
        builder.header(header.getKey(), header.getValue());
      }
    }
    return builder.build();
  }

  /**
   * {@code "A: b, C: d"} as header entries: split at commas, then at each entry's first colon.
   *
   * @throws ParameterException for an entry without a colon or without a name
   */
  List<Map.Entry<String, String>> parseHeaders(String value) {
    List<Map.Entry<String, String>> parsed = new ArrayList<>();
    for (String entry : value.split(",")) {
      String line = entry.strip();
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ParameterException(
            spec.commandLine(), "--headers: '" + line + "' is not 'Name: value'");
      }
      parsed.add(Map.entry(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
    }
    return parsed;
  }

  /** The URL to connect to, or null with {@code --local-echo}. */
  String url() {
    return url;
  }

  /** 0 quiet, 1 opcodes shown, 2 and more also the client's trace. */
  int verbosity() {
    return verbosity;
  }

  /** Messages printed bare: no prompt, no {@code < }, no colour. */
  boolean raw() {
    return raw;
  }

  /** The subprotocols to offer, in order. */
  List<String> subprotocols() {
    return List.copyOf(subprotocols);
  }

  /** How long to keep receiving after the end of input. */
  double eofWaitSeconds() {
    return eofWait;
  }

  /** A message sent right after connecting, or null. */
  String text() {
    return text;
  }

  /** Whether each message is preceded by the seconds since start. */
  boolean timings() {
    return timings;
  }

  /** Whether to start the embedded echo server and connect to it. */
  boolean localEcho() {
    return localEcho;
  }

  /** Whether JSON messages are pretty-printed. */
  boolean json() {
    return json;
  }

  /** Whether the WebSocket may or must run over HTTP/2. */
  Http2Mode http2() {
    return http2;
  }

  /**
   * Python's {@code -v [N]}: a bare {@code -v} is 1, {@code -v 2} is 2, {@code -vv} is 2. Only a
   * number is taken as the level, so {@code -v ws://host} still leaves the URL to the positional.
   */
  static final class VerbosityConsumer implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      int level = 1;
      if (!args.isEmpty() && args.peek().matches("\\d{1,9}")) {
        level = Integer.parseInt(args.pop());
      } else if (!args.isEmpty() && args.peek().matches("v+")) {
        level = args.pop().length() + 1; // -vv and -vvv arrive as -v with "v" or "vv" attached
      }
      argSpec.setValue(level);
    }
  }

  /**
   * Python's {@code -s a b c} (nargs *): takes the following words up to the next option, but not
   * one that looks like a URL, so {@code -s chat ws://host} works where argparse would fail.
   */
  static final class SubprotocolConsumer implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      List<String> values = argSpec.getValue();
      while (!args.isEmpty() && !args.peek().startsWith("-") && !args.peek().contains("://")) {
        values.add(args.pop());
      }
    }
  }

  /**
   * {@code --http2} alone means {@code prefer}; {@code --http2=require} (or {@code --http2
   * require}) takes the mode; the next word is taken only when it names one, so {@code --http2
   * wss://host} keeps its URL.
   */
  static final class Http2Consumer implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      Http2Mode mode = Http2Mode.PREFER;
      if (!args.isEmpty() && args.peek().matches("(?i)off|prefer|require")) {
        mode = Http2Mode.valueOf(args.pop().toUpperCase(Locale.ROOT));
      } else if (!args.isEmpty() && !args.peek().startsWith("-") && !args.peek().contains("://")) {
        throw new ParameterException(
            commandSpec.commandLine(),
            "--http2 takes prefer, require or off, not '" + args.peek() + "'");
      }
      argSpec.setValue(mode);
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = WsDumpOptions.class.getPackage().getImplementationVersion();
      return new String[] {"wsdump " + (version != null ? version : "(development build)")};
    }
  }
}
