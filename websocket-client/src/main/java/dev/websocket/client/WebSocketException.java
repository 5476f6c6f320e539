package dev.websocket.client;

import java.io.IOException;

/**
 * The root of the client's exceptions: every failure of a WebSocket connection is one of these, and
 * all of them are {@link IOException}s. A failure to connect carries the original exception (the
 * transport's, the TLS layer's, the proxy's) as its cause.
 *
 * <pre>
 * IOException
 * └── WebSocketException
 *     ├── WebSocketProtocolException         the server broke RFC 6455 (carries the close code)
 *     │   └── WebSocketPayloadException      invalid UTF-8 (1007) or a message too big (1009)
 *     ├── WebSocketBadStatusException        the upgrade was answered with another status than 101
 *     ├── WebSocketConnectionClosedException the connection is closed (status and reason, if any)
 *     ├── WebSocketTimeoutException          connect, handshake, receive, send or pong took too long
 *     ├── WebSocketProxyException            the proxy could not be reached or refused the tunnel
 *     ├── WebSocketAddressException          the host name could not be resolved
 *     ├── WebSocketConnectException          TCP refused, unreachable, or lost before the upgrade
 *     └── WebSocketTlsException              the TLS settings or the TLS handshake failed, and why
 * </pre>
 */
public class WebSocketException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public WebSocketException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause. */
  public WebSocketException(String message, Throwable cause) {
    super(message, cause);
  }
}
