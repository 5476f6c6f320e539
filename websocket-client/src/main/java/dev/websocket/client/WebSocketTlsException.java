package dev.websocket.client;

/**
 * TLS failed: the TLS settings could not be used (a trust file missing or without certificates, an
 * unknown cipher suite or protocol, an unreadable key), or the TLS handshake failed (the server's
 * certificate untrusted, expired or for another host, a client certificate the server required).
 * The message names the host and the reason in words; the cause is the TLS layer's exception.
 */
public class WebSocketTlsException extends WebSocketException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public WebSocketTlsException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause. */
  public WebSocketTlsException(String message, Throwable cause) {
    super(message, cause);
  }
}
