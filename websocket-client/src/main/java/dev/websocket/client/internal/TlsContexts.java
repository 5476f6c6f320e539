package dev.websocket.client.internal;

import dev.websocket.client.TlsOptions;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the Netty {@link SslContext} for a {@link TlsOptions}, once per options object: building a
 * context reads trust stores and costs milliseconds, far more than a handshake should.
 */
public final class TlsContexts {

  private static final Map<TlsOptions, SslContext> CACHE = new WeakHashMap<>();
  /** The contexts that offer ALPN {@code h2, http/1.1}, for WebSockets over HTTP/2. */
  private static final Map<TlsOptions, SslContext> H2_CACHE = new WeakHashMap<>();

  /**
   * ALPN offering h2 then http/1.1 (RFC 7301); a server without ALPN leaves the choice unmade,
   * which counts as http/1.1.
   */
  private static final ApplicationProtocolConfig ALPN_H2 = new ApplicationProtocolConfig(
      ApplicationProtocolConfig.Protocol.ALPN,
      ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
      ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
      ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

  private TlsContexts() {}

  /**
   * A TLS handler for a connection to {@code url}: SNI and hostname verification use
   * {@link TlsOptions#serverName()} when set, else the URL's host.
   */
  static SslHandler newHandler(TlsOptions options, ByteBufAllocator alloc, WebSocketUrl url, Duration handshakeTimeout)
      throws IOException {
    return newHandler(options, alloc, url, handshakeTimeout, false);
  }

  /** The same, offering ALPN {@code h2, http/1.1} when {@code offerH2}: for WebSockets over HTTP/2. */
  public static SslHandler newHandler(TlsOptions options, ByteBufAllocator alloc, WebSocketUrl url, Duration handshakeTimeout,
      boolean offerH2) throws IOException {
    String serverName = options.serverName() != null ? options.serverName() : url.host();
    SslHandler ssl = forOptions(options, offerH2).newHandler(alloc, serverName, url.port());
    ssl.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
    return ssl;
  }

  /** The context for {@code options}, built on first use. */
  public static SslContext forOptions(TlsOptions options) throws IOException {
    return forOptions(options, false);
  }

  /**
   * The context for {@code options}, built on first use; with {@code offerH2} it offers ALPN
   * {@code h2, http/1.1}. A user's own {@code SslContext} is taken as it is, ALPN or not.
   */
  public static SslContext forOptions(TlsOptions options, boolean offerH2) throws IOException {
    if (options.sslContext() != null) {
      return options.sslContext();
    }
    Map<TlsOptions, SslContext> cache = offerH2 ? H2_CACHE : CACHE;
    synchronized (cache) {
      SslContext context = cache.get(options);
      if (context == null) {
        context = build(options, System.getenv(TlsOptions.CA_BUNDLE_ENV), offerH2);
        cache.put(options, context);
      }
      return context;
    }
  }

  static SslContext build(TlsOptions options, String caBundleEnv) throws IOException {
    return build(options, caBundleEnv, false);
  }

  private static SslContext build(TlsOptions options, String caBundleEnv, boolean offerH2) throws IOException {
    try {
      SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
      if (offerH2) {
        builder.applicationProtocolConfig(ALPN_H2);
      }
      if (!options.verifyCertificates()) {
        builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
      } else if (options.trustCertificates() != null) {
        builder.trustManager(options.trustCertificates().toFile());
      } else if (caBundleEnv != null && !caBundleEnv.isBlank()) {
        builder.trustManager(withBundle(Path.of(caBundleEnv)));
      }
      // Hostname verification is part of the TLS handshake, by the JDK's HTTPS rules (RFC 2818).
      boolean verifyHost = options.verifyCertificates() && options.verifyHostname();
      builder.endpointIdentificationAlgorithm(verifyHost ? "HTTPS" : null);
      if (options.certificateChain() != null) {
        builder.keyManager(options.certificateChain().toFile(), options.privateKey().toFile(), options.keyPassword());
      }
      if (!options.protocols().isEmpty()) {
        builder.protocols(options.protocols());
      }
      if (!options.ciphers().isEmpty()) {
        builder.ciphers(options.ciphers());
      }
      return builder.build();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("Cannot set up TLS from " + options + ": " + e.getMessage(), e);
    }
  }

  /** The JDK's trusted certificates plus those of a PEM bundle (the Python library's CA bundle variable). */
  private static TrustManagerFactory withBundle(Path bundle) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    jdk.init((KeyStore) null);
    int n = 0;
    for (TrustManager tm : jdk.getTrustManagers()) {
      if (tm instanceof X509TrustManager) {
        for (X509Certificate cert : ((X509TrustManager) tm).getAcceptedIssuers()) {
          store.setCertificateEntry("jdk-" + n++, cert);
        }
      }
    }
    try (InputStream in = Files.newInputStream(bundle)) {
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("bundle-" + n++, cert);
      }
    }
    TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    combined.init(store);
    return combined;
  }
}
