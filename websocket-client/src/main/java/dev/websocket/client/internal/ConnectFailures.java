package dev.websocket.client.internal;

import dev.websocket.client.WebSocketAddressException;
import dev.websocket.client.WebSocketException;
import dev.websocket.client.WebSocketProxyException;
import dev.websocket.client.WebSocketTimeoutException;
import dev.websocket.proxy.ProxyConfig;
import dev.websocket.proxy.ProxyException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.proxy.ProxyConnectException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Translates why an attempt to connect failed into the exception a user should see. */
final class ConnectFailures {

  private ConnectFailures() {}

  /** The exception a user should see for a failed attempt to reach {@code url} (through {@code proxy}, if not null). */
  static Throwable translate(Throwable cause, WebSocketUrl url, ProxyConfig proxy) {
    if (cause instanceof WebSocketException) {
      return cause;
    }
    // The SslHandler reports a failed handshake read as a DecoderException around the SSLException.
    if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
      cause = cause.getCause();
    }
    String where = url.unixSocketPath() != null ? url.unixSocketPath() : url.host() + ":" + url.port();
    if (proxy != null) {
      // A refused tunnel also fails the writes queued behind it (the TLS hello, the upgrade), so the
      // first failure seen may be TLS's: the proxy's own reason is further down the chain.
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof ProxyConnectException || t instanceof ProxyException) {
          ProxyException p = ProxyException.from(proxy, t);
          return new WebSocketProxyException(p.getMessage(), p);
        }
      }
    }
    if (proxy != null && (cause instanceof ProxyConnectException || cause instanceof ConnectException
        || cause instanceof ConnectTimeoutException || cause instanceof UnresolvedAddressException
        || cause instanceof ProxyException)) {
      ProxyException p = ProxyException.from(proxy, cause);
      return new WebSocketProxyException(p.getMessage(), p);
    }
    if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
      return new WebSocketAddressException("Cannot resolve host '" + url.host() + "'", cause);
    }
    if (cause instanceof ConnectTimeoutException) {
      return new WebSocketTimeoutException("Connect to " + where + " timed out", cause);
    }
    if (cause instanceof ConnectException) {
      ConnectException e = new ConnectException("Connection refused: " + where);
      e.initCause(cause);
      return e;
    }
    if (cause instanceof SSLException) {
      SSLHandshakeException e = new SSLHandshakeException("TLS handshake with " + where + " failed: " + tlsReason(cause));
      e.initCause(cause);
      return e;
    }
    if (cause instanceof IOException) {
      return new WebSocketException("Connection to " + where + " failed: " + cause.getMessage(), cause);
    }
    return cause;
  }

  private static String tlsReason(Throwable cause) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append(' ');
    }
    String text = all.toString();
    if (text.contains("No subject alternative") || text.contains("No name matching") || text.contains("doesn't match")) {
      return "hostname mismatch (" + cause.getMessage() + ")";
    }
    if (text.contains("PKIX") || text.contains("unable to find valid certification path") || text.contains("self-signed")
        || text.contains("self signed")) {
      return "untrusted certificate (" + cause.getMessage() + ")";
    }
    return "handshake failure (" + cause.getMessage() + ")";
  }
}
