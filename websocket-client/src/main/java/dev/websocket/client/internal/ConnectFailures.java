package dev.websocket.client.internal;

import dev.websocket.client.TlsOptions;
import dev.websocket.client.WebSocketAddressException;
import dev.websocket.client.WebSocketConnectException;
import dev.websocket.client.WebSocketException;
import dev.websocket.client.WebSocketProxyException;
import dev.websocket.client.WebSocketTimeoutException;
import dev.websocket.client.WebSocketTlsException;
import dev.websocket.proxy.ProxyConfig;
import dev.websocket.proxy.ProxyException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.proxy.ProxyConnectException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * Every failure of an attempt to connect, as the {@link WebSocketException} a user sees, the
 * original as its cause: the proxy's ({@link WebSocketProxyException}), a name that does not
 * resolve ({@link WebSocketAddressException}), a time limit ({@link WebSocketTimeoutException}),
 * TCP refused, unreachable or lost before the upgrade ({@link WebSocketConnectException}), TLS
 * ({@link WebSocketTlsException}, the reason in words). Exceptions are told apart by type; only
 * what the JDK reports solely in text (a TLS alert from the server, the system's reason for a
 * refused connect) is read from the message.
 */
final class ConnectFailures {

  private ConnectFailures() {}

  /**
   * The exception for a failed attempt to reach {@code url}, through {@code proxy} if not null.
   * Runtime exceptions (a header the supplier made invalid, say) are the caller's mistakes and go
   * on as they are; anything else becomes a {@link WebSocketException}.
   */
  static Throwable translate(Throwable cause, WebSocketUrl url, ProxyConfig proxy, TlsOptions tls) {
    if (cause instanceof WebSocketException
        || cause instanceof RuntimeException
            && !(cause instanceof DecoderException)
            && !(cause instanceof UnresolvedAddressException)) {
      return cause;
    }
    // The SslHandler reports a failed handshake read as a DecoderException around the SSLException.
    if (cause instanceof DecoderException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String where =
        url.unixSocketPath() != null ? url.unixSocketPath() : url.host() + ":" + url.port();
    if (proxy != null) {
      WebSocketProxyException viaProxy = proxyFailure(cause, proxy);
      if (viaProxy != null) {
        return viaProxy;
      }
    }
    if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
      return new WebSocketAddressException("Cannot resolve host '" + url.host() + "'", cause);
    }
    if (cause instanceof ConnectTimeoutException) {
      return new WebSocketTimeoutException("Connect to " + where + " timed out", cause);
    }
    if (cause instanceof ConnectException || cause instanceof SocketException) {
      // Refused, no route, network unreachable: the system's words, without the address Netty adds.
      return new WebSocketConnectException(systemReason(cause) + ": " + where, cause);
    }
    if (cause instanceof SSLException) {
      return new WebSocketTlsException(
          "TLS handshake with " + where + " failed: " + tlsReason(cause, tls), cause);
    }
    if (cause instanceof ClosedChannelException) {
      return new WebSocketConnectException(
          "Connection to " + where + " closed before the upgrade", cause);
    }
    if (cause instanceof IOException) {
      return new WebSocketConnectException(
          "Connection to " + where + " lost before the upgrade: " + cause.getMessage(), cause);
    }
    return new WebSocketException("Connection to " + where + " failed: " + cause, cause);
  }

  /**
   * The proxy's failure, if it is one. A refused tunnel also fails the writes queued behind it (the
   * TLS hello, the upgrade), so the first failure seen may be TLS's: the proxy's own reason is
   * further down the chain.
   */
  private static WebSocketProxyException proxyFailure(Throwable cause, ProxyConfig proxy) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ProxyConnectException || t instanceof ProxyException) {
        ProxyException p = ProxyException.from(proxy, t);
        return new WebSocketProxyException(p.getMessage(), p);
      }
    }
    // Before the tunnel: the proxy itself could not be reached.
    if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException) {
      ProxyException p = ProxyException.from(proxy, cause);
      return new WebSocketProxyException(p.getMessage(), p);
    }
    return null;
  }

  /**
   * The innermost message of a connect failure, e.g. "Connection refused" or "No route to host".
   */
  private static String systemReason(Throwable cause) {
    String reason = null;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        reason = t.getMessage();
      }
    }
    if (reason == null) {
      return "Cannot connect";
    }
    // Netty's native transport prefixes the call ("finishConnect(..) failed with error(-111): ").
    int colon = reason.lastIndexOf("): ");
    return colon >= 0 ? reason.substring(colon + 3) : reason;
  }

  /** Why TLS failed, in words, with the TLS layer's own message after them. */
  private static String tlsReason(Throwable cause, TlsOptions tls) {
    String detail = " (" + cause.getMessage() + ")";
    CertPathValidatorException invalid = find(cause, CertPathValidatorException.class);
    if (invalid != null) {
      CertPathValidatorException.Reason reason = invalid.getReason();
      if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
        return "the server's certificate has expired" + detail;
      }
      if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
        return "the server's certificate is not yet valid" + detail;
      }
      if (reason == CertPathValidatorException.BasicReason.REVOKED) {
        return "the server's certificate is revoked" + detail;
      }
      return "untrusted certificate" + detail;
    }
    if (find(cause, CertPathBuilderException.class) != null) {
      return "untrusted certificate" + detail;
    }
    CertificateException rejected = find(cause, CertificateException.class);
    if (rejected != null && rejected.getClass() == CertificateException.class) {
      // The JDK's host name check throws the plain CertificateException; its path checks, the
      // above.
      return "hostname mismatch" + detail;
    }
    // The server's alert arrives only as text: "Received fatal alert: bad_certificate".
    String message = String.valueOf(cause.getMessage());
    boolean clientCertificate = tls != null && tls.certificateChain() != null;
    if (message.contains("certificate_required")
        || message.contains("bad_certificate") && !clientCertificate) {
      return "the server requires a client certificate" + detail;
    }
    if (message.contains("bad_certificate")
        || message.contains("unknown_ca")
        || message.contains("certificate_unknown")) {
      return "the server rejected the client certificate" + detail;
    }
    return "handshake failure" + detail;
  }

  private static <T extends Throwable> T find(Throwable chain, Class<T> type) {
    for (Throwable t = chain; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
