package dev.websocket.client.internal;

import dev.websocket.client.ServerText;
import dev.websocket.codec.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the trace the Python library prints with {@code enableTrace(True)}: the request and
 * response headers, then every frame sent and received. The values of credential headers
 * (Authorization, Proxy-Authorization, Cookie, Set-Cookie) and of the headers the options name
 * sensitive are masked; the server's status line and header values are shown with control
 * characters escaped.
 *
 * <p>Output goes to a {@link PrintStream} when one is given, otherwise to Netty's internal logger
 * (SLF4J, Log4j2 or JUL, whichever is present) at DEBUG under this class's name.
 */
public final class Tracer {

  /** No tracing. */
  public static final Tracer OFF = new Tracer(false, null, Set.of());

  private static final InternalLogger LOGGER = InternalLoggerFactory.getInstance(Tracer.class);
  private static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

  /** Payload bytes shown per frame; the rest is elided. */
  private static final int MAX_SHOWN = 1024;

  private final boolean enabled;
  private final PrintStream out;

  /** Lower-case names of the headers masked besides {@link #SECRET_HEADERS}. */
  private final Set<String> sensitive;

  private Tracer(boolean enabled, PrintStream out, Set<String> sensitive) {
    this.enabled = enabled;
    this.out = out;
    this.sensitive = sensitive;
  }

  /** A tracer writing to {@code out}, or to the logger when it is null. */
  public static Tracer to(PrintStream out) {
    return new Tracer(true, out, Set.of());
  }

  /** This tracer, also masking the values of {@code headers} (lower-case names). */
  public Tracer masking(Set<String> headers) {
    return !enabled || headers.isEmpty() ? this : new Tracer(true, out, Set.copyOf(headers));
  }

  /** Whether anything is written. */
  public boolean enabled() {
    return enabled;
  }

  void requestHeaders(HandshakeRequest request) {
    StringBuilder sb = new StringBuilder("--- request header ---\n");
    sb.append("GET ").append(request.resource()).append(" HTTP/1.1\n");
    for (Map.Entry<String, String> h : request.headers()) {
      sb.append(h.getKey()).append(": ").append(shown(h.getKey(), h.getValue())).append('\n');
    }
    sb.append("-----------------------");
    line(sb.toString());
  }

  void responseHeaders(
      String version, int status, String reason, Map<String, List<String>> headers) {
    StringBuilder sb = new StringBuilder("--- response header ---\n");
    sb.append(version)
        .append(' ')
        .append(status)
        .append(' ')
        .append(ServerText.escape(reason))
        .append('\n');
    headers.forEach(
        (name, values) ->
            values.forEach(
                v ->
                    sb.append(ServerText.escape(name))
                        .append(": ")
                        .append(ServerText.escape(shown(name, v)))
                        .append('\n')));
    sb.append("-----------------------");
    line(sb.toString());
  }

  void raw(String direction, ByteBuf bytes) {
    line(
        "++"
            + direction
            + " raw: "
            + pythonBytes(bytes, bytes.readerIndex(), bytes.readableBytes()));
  }

  void frame(String direction, Frame frame) {
    ByteBuf payload = frame.payload();
    line(
        "++"
            + direction
            + " decoded: fin="
            + (frame.isFinal() ? 1 : 0)
            + " opcode="
            + frame.opcode().code()
            + " data="
            + pythonBytes(payload, payload.readerIndex(), payload.readableBytes()));
  }

  /** A free-form line, such as a connection event. */
  public void line(String text) {
    if (!enabled) {
      return;
    }
    if (out != null) {
      synchronized (out) {
        out.println(text);
      }
    } else {
      LOGGER.debug(text);
    }
  }

  /** {@code value}, or {@code ***} for a credential header or one the options name sensitive. */
  public String shown(String name, String value) {
    return isSensitive(name) || sensitive.contains(name.toLowerCase(Locale.ROOT)) ? "***" : value;
  }

  /** Whether a header's value is a credential, always shown as {@code ***}. */
  public static boolean isSensitive(String headerName) {
    return SECRET_HEADERS.contains(headerName.toLowerCase(Locale.ROOT));
  }

  /** Bytes in Python's {@code repr(bytes)} form: {@code b'Hi\x00'}. */
  static String pythonBytes(ByteBuf buf, int index, int length) {
    int shown = Math.min(length, MAX_SHOWN);
    StringBuilder sb = new StringBuilder(shown + 8).append("b'");
    for (int i = 0; i < shown; i++) {
      int b = buf.getByte(index + i) & 0xFF;
      switch (b) {
        case '\\':
          sb.append("\\\\");
          break;
        case '\'':
          sb.append("\\'");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (b >= 0x20 && b < 0x7F) {
            sb.append((char) b);
          } else {
            sb.append(String.format("\\x%02x", b));
          }
      }
    }
    sb.append('\'');
    if (shown < length) {
      sb.append("... (").append(length).append(" bytes)");
    }
    return sb.toString();
  }
}
