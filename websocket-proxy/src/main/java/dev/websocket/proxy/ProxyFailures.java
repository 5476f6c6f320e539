package dev.websocket.proxy;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyConnectException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what Netty's proxy handlers and the transport report into a reason in words.
 *
 * <p>Netty's {@code ProxyHandler} subclasses fail with a {@link ProxyConnectException} whose
 * message is {@code "<protocol>, <auth scheme>, <proxy address> => <destination>, <detail>"} (see
 * {@code ProxyHandler.exceptionMessage}). The details this reads are those of netty-handler-proxy
 * 4.2:
 *
 * <ul>
 *   <li>{@code timeout}: the handshake outlasted {@code connectTimeoutMillis};
 *   <li>{@code disconnected}: the proxy closed the connection mid-handshake;
 *   <li>{@code status: 407 Proxy Authentication Required}: a non-2xx CONNECT reply ({@code
 *       HttpProxyConnectException});
 *   <li>{@code status: CONNECTION_REFUSED(5)}: a SOCKS5 or SOCKS4 reply code, as the codec's status
 *       {@code toString()} prints it: name, then the signed byte value in parentheses;
 *   <li>{@code authStatus: FAILURE(1)}: RFC 1929 authentication refused;
 *   <li>{@code unexpected authMethod: UNACCEPTED(-1)}: the SOCKS5 proxy picked no offered method;
 *   <li>anything else the handler caught is wrapped, with the original as the cause.
 * </ul>
 *
 * <p>Failures before the handshake (the TCP connection to the proxy) come from the transport and
 * are not wrapped: {@link ConnectException}, {@link ConnectTimeoutException}, {@link
 * UnresolvedAddressException}.
 */
final class ProxyFailures {

  /** The separator between the destination and the detail in Netty's messages. */
  private static final String ARROW = " => ";

  /** {@code NAME(code)}, as Netty's SOCKS status and auth method types print themselves. */
  private static final Pattern SOCKS_CODE = Pattern.compile("(\\w+)\\((-?\\d+)\\)");

  /** HTTP status 407 Proxy Authentication Required (RFC 9110 section 15.5.8). */
  private static final int PROXY_AUTHENTICATION_REQUIRED = 407;

  /** The "no acceptable methods" reply to a SOCKS5 greeting (RFC 1928 section 3). */
  private static final int SOCKS5_NO_ACCEPTABLE_METHOD = 0xff;

  /** The RFC 1929 username/password method in a SOCKS5 greeting. */
  private static final int SOCKS5_PASSWORD_METHOD = 0x02;

  private ProxyFailures() {}

  /** The reason for {@code failure} in words, without credentials. */
  static String reason(ProxyConfig proxy, Throwable failure) {
    if (failure instanceof ProxyConnectException) {
      // Netty wraps what its handler caught (an IOException, a decoder error) in a
      // ProxyConnectException with the original as the cause; the original says more.
      Throwable cause = failure.getCause();
      return cause != null ? underlyingReason(cause) : handshakeReason(proxy, failure);
    }
    return underlyingReason(failure);
  }

  private static String handshakeReason(ProxyConfig proxy, Throwable failure) {
    String detail = detail(failure.getMessage());
    if (detail.equals("timeout")) {
      return "proxy timed out after " + format(proxy.connectTimeout());
    }
    if (detail.equals("disconnected")) {
      return "proxy closed the connection before the tunnel was established";
    }
    if (failure instanceof HttpProxyHandler.HttpProxyConnectException) {
      return httpReason(proxy, detail);
    }
    if (detail.startsWith("authStatus: ")) {
      return "SOCKS5 authentication refused";
    }
    if (detail.startsWith("unexpected authMethod: ")) {
      return socks5MethodReason(proxy, detail);
    }
    if (detail.startsWith("status: ")) {
      Matcher code = SOCKS_CODE.matcher(detail);
      if (code.find()) {
        int reply = Integer.parseInt(code.group(2)) & 0xff;
        return proxy.type() == ProxyType.SOCKS4 || proxy.type() == ProxyType.SOCKS4A
            ? SocksReplies.socks4(reply)
            : SocksReplies.socks5(reply);
      }
    }
    return "proxy handshake failed (" + detail + ")";
  }

  private static String httpReason(ProxyConfig proxy, String detail) {
    if (!detail.startsWith("status: ")) {
      return "malformed reply to CONNECT (" + detail + ")";
    }
    String status = detail.substring("status: ".length());
    if (status.startsWith(PROXY_AUTHENTICATION_REQUIRED + " ")
        || status.equals(String.valueOf(PROXY_AUTHENTICATION_REQUIRED))) {
      return proxy.hasCredentials()
          ? "proxy authentication failed (" + status + ")"
          : "proxy authentication required (" + status + ")";
    }
    return "CONNECT refused with " + status;
  }

  private static String socks5MethodReason(ProxyConfig proxy, String detail) {
    Matcher code = SOCKS_CODE.matcher(detail);
    if (!code.find()) {
      return "proxy handshake failed (" + detail + ")";
    }
    int method = Integer.parseInt(code.group(2)) & 0xff;
    if (method == SOCKS5_NO_ACCEPTABLE_METHOD) {
      return proxy.hasCredentials()
          ? "proxy accepted none of the offered authentication methods"
          : "proxy requires authentication";
    }
    if (method == SOCKS5_PASSWORD_METHOD) {
      return "proxy requires username/password authentication";
    }
    return "proxy chose an unsupported authentication method (" + code.group(1) + ")";
  }

  private static String underlyingReason(Throwable failure) {
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    if (failure instanceof ConnectTimeoutException) {
      return "proxy unreachable (connection timed out)";
    }
    if (failure instanceof ConnectException || failure instanceof NoRouteToHostException) {
      // Netty appends ": /address:port" to the JDK's text, which the message already names.
      int colon = message.indexOf(": ");
      String what = (colon < 0 ? message : message.substring(0, colon)).toLowerCase(Locale.ROOT);
      return what.isEmpty() ? "proxy unreachable" : "proxy unreachable (" + what + ")";
    }
    if (failure instanceof UnresolvedAddressException) {
      return "proxy host name could not be resolved";
    }
    if (failure instanceof UnknownHostException) {
      return "host name could not be resolved (" + message + ")";
    }
    if (failure instanceof ClosedChannelException) {
      return "connection closed before the tunnel was established";
    }
    if (failure instanceof DecoderException) {
      String cause = failure.getCause() != null ? failure.getCause().getMessage() : message;
      return "proxy sent a malformed reply (" + cause + ")";
    }
    if (failure instanceof IOException
        && message.toLowerCase(Locale.ROOT).contains("connection reset")) {
      return "proxy reset the connection";
    }
    return failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  /** The part of a Netty proxy message after the destination, or the whole message. */
  private static String detail(String message) {
    if (message == null) {
      return "";
    }
    int arrow = message.indexOf(ARROW);
    int comma = arrow < 0 ? -1 : message.indexOf(", ", arrow + ARROW.length());
    return comma < 0 ? message : message.substring(comma + 2);
  }

  /** {@code 10s} for whole seconds, else {@code 1500ms}. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
