package dev.websocket.client.internal;

import dev.websocket.client.TlsOptions;
import dev.websocket.client.WebSocketTlsException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the Netty {@link SslContext} for a {@link TlsOptions}, once per options object: building a
 * context reads trust stores and costs milliseconds, far more than a handshake should.
 *
 * <p>The first thread that needs a context builds it, outside any lock; the threads that need the
 * same one meanwhile park on its future, and those that need another build their own at the same
 * time. Nothing waits in a monitor: a virtual thread blocked on one pins its carrier on JDK 21 to
 * 23, and a slow build (key stores on a network drive) would hold every connect back. A failed
 * build is not kept: the threads that waited for it build again, each to report its own failure.
 */
public final class TlsContexts {

  /** Guards both caches; held only to look up or put a future, never while building. */
  private static final ReentrantLock CACHE_LOCK = new ReentrantLock();

  private static final Map<TlsOptions, CompletableFuture<SslContext>> CACHE = new WeakHashMap<>();

  /** The contexts that offer ALPN {@code h2, http/1.1}, for WebSockets over HTTP/2. */
  private static final Map<TlsOptions, CompletableFuture<SslContext>> H2_CACHE =
      new WeakHashMap<>();

  /**
   * ALPN offering h2 then http/1.1 (RFC 7301); a server without ALPN leaves the choice unmade,
   * which counts as http/1.1.
   */
  private static final ApplicationProtocolConfig ALPN_H2 =
      new ApplicationProtocolConfig(
          ApplicationProtocolConfig.Protocol.ALPN,
          ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
          ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
          ApplicationProtocolNames.HTTP_2,
          ApplicationProtocolNames.HTTP_1_1);

  private TlsContexts() {}

  /**
   * A TLS handler for a connection to {@code url}: SNI and hostname verification use {@link
   * TlsOptions#serverName()} when set, else the URL's host.
   */
  static SslHandler newHandler(
      TlsOptions options, ByteBufAllocator alloc, WebSocketUrl url, Duration handshakeTimeout)
      throws WebSocketTlsException {
    return newHandler(options, alloc, url, handshakeTimeout, false);
  }

  /**
   * The same, offering ALPN {@code h2, http/1.1} when {@code offerH2}: for WebSockets over HTTP/2.
   */
  public static SslHandler newHandler(
      TlsOptions options,
      ByteBufAllocator alloc,
      WebSocketUrl url,
      Duration handshakeTimeout,
      boolean offerH2)
      throws WebSocketTlsException {
    String serverName = options.serverName() != null ? options.serverName() : url.host();
    SslHandler ssl = forOptions(options, offerH2).newHandler(alloc, serverName, url.port());
    ssl.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
    return ssl;
  }

  /**
   * The context for {@code options}, built on first use.
   *
   * @throws WebSocketTlsException naming the setting that cannot be used
   */
  public static SslContext forOptions(TlsOptions options) throws WebSocketTlsException {
    return forOptions(options, false);
  }

  /**
   * The context for {@code options}, built on first use; with {@code offerH2} it offers ALPN {@code
   * h2, http/1.1}. A user's own {@code SslContext} is taken as it is, ALPN or not.
   *
   * @throws WebSocketTlsException naming the setting that cannot be used
   */
  public static SslContext forOptions(TlsOptions options, boolean offerH2)
      throws WebSocketTlsException {
    if (options.sslContext() != null) {
      return options.sslContext();
    }
    Map<TlsOptions, CompletableFuture<SslContext>> cache = offerH2 ? H2_CACHE : CACHE;
    while (true) {
      CompletableFuture<SslContext> context;
      boolean mine = false;
      CACHE_LOCK.lock();
      try {
        context = cache.get(options);
        if (context == null) {
          context = new CompletableFuture<>();
          cache.put(options, context);
          mine = true;
        }
      } finally {
        CACHE_LOCK.unlock();
      }
      if (mine) {
        return buildInto(context, cache, options, offerH2);
      }
      try {
        return context.join();
      } catch (CompletionException | CancellationException failed) {
        // The thread that built it reports that failure; this one builds again to report its own.
      }
    }
  }

  /** Builds the context for {@code options} and completes {@code context}, the cache's entry. */
  private static SslContext buildInto(
      CompletableFuture<SslContext> context,
      Map<TlsOptions, CompletableFuture<SslContext>> cache,
      TlsOptions options,
      boolean offerH2)
      throws WebSocketTlsException {
    try {
      SslContext built = build(options, System.getenv(TlsOptions.CA_BUNDLE_ENV), offerH2);
      context.complete(built);
      return built;
    } catch (WebSocketTlsException | RuntimeException | Error e) {
      CACHE_LOCK.lock();
      try {
        cache.remove(options, context);
      } finally {
        CACHE_LOCK.unlock();
      }
      context.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * A context from the settings, each checked first so that a mistake is named: a missing trust
   * file, an unknown protocol or cipher suite, a client key pair that cannot be read.
   *
   * @param caBundleEnv the value of {@link TlsOptions#CA_BUNDLE_ENV}: a PEM file or a folder of
   *     them, or null
   */
  static SslContext build(TlsOptions options, String caBundleEnv) throws WebSocketTlsException {
    return build(options, caBundleEnv, false);
  }

  private static SslContext build(TlsOptions options, String caBundleEnv, boolean offerH2)
      throws WebSocketTlsException {
    SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
    if (offerH2) {
      builder.applicationProtocolConfig(ALPN_H2);
    }
    if (!options.verifyCertificates()) {
      builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
    } else if (options.trustCertificates() != null) {
      builder.trustManager(PemCertificates.read(options.trustCertificates()));
    } else if (caBundleEnv != null && !caBundleEnv.isBlank()) {
      builder.trustManager(withBundle(PemCertificates.read(Path.of(caBundleEnv))));
    }
    // Hostname verification is part of the TLS handshake, by the JDK's HTTPS rules (RFC 2818).
    boolean verifyHost = options.verifyCertificates() && options.verifyHostname();
    builder.endpointIdentificationAlgorithm(verifyHost ? "HTTPS" : null);
    if (options.certificateChain() != null) {
      keyManager(builder, options);
    }
    SSLParameters supported = supportedParameters();
    if (!options.protocols().isEmpty()) {
      requireSupported("protocol", options.protocols(), supported.getProtocols());
      builder.protocols(options.protocols());
    }
    if (!options.ciphers().isEmpty()) {
      requireSupported("cipher suite", options.ciphers(), supported.getCipherSuites());
      builder.ciphers(options.ciphers());
    }
    try {
      return builder.build();
    } catch (SSLException | RuntimeException e) {
      throw new WebSocketTlsException(
          "Cannot use the TLS settings " + options + ": " + e.getMessage(), e);
    }
  }

  private static void keyManager(SslContextBuilder builder, TlsOptions options)
      throws WebSocketTlsException {
    requireFile("client certificate", options.certificateChain());
    requireFile("client private key", options.privateKey());
    try {
      builder.keyManager(
          options.certificateChain().toFile(),
          options.privateKey().toFile(),
          options.keyPassword());
    } catch (IllegalArgumentException e) {
      throw new WebSocketTlsException(
          "Cannot read the client certificate "
              + options.certificateChain()
              + " and key "
              + options.privateKey()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static void requireFile(String what, Path file) throws WebSocketTlsException {
    if (!Files.isRegularFile(file)) {
      throw new WebSocketTlsException(
          "The "
              + what
              + " file "
              + file
              + (Files.exists(file) ? " is not a file" : " does not exist"));
    }
  }

  private static SSLParameters supportedParameters() throws WebSocketTlsException {
    try {
      return SSLContext.getDefault().getSupportedSSLParameters();
    } catch (NoSuchAlgorithmException e) {
      throw new WebSocketTlsException("This JDK has no default TLS implementation", e);
    }
  }

  /** Names the first setting the JDK does not know, rather than failing at the first connect. */
  private static void requireSupported(String what, List<String> wanted, String[] supported)
      throws WebSocketTlsException {
    List<String> known = List.of(supported);
    for (String name : wanted) {
      if (!known.contains(name)) {
        String some = String.join(", ", known.subList(0, Math.min(6, known.size())));
        throw new WebSocketTlsException(
            "Unknown TLS "
                + what
                + " '"
                + name
                + "': this JDK supports "
                + known.size()
                + ", such as "
                + some);
      }
    }
  }

  /**
   * The JDK's trusted certificates plus those of a PEM bundle (the Python library's CA bundle
   * variable).
   */
  private static TrustManagerFactory withBundle(List<X509Certificate> bundle)
      throws WebSocketTlsException {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      TrustManagerFactory jdk =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      jdk.init((KeyStore) null);
      int n = 0;
      for (TrustManager tm : jdk.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          for (X509Certificate cert : x509.getAcceptedIssuers()) {
            store.setCertificateEntry("jdk-" + n++, cert);
          }
        }
      }
      for (X509Certificate cert : bundle) {
        store.setCertificateEntry("bundle-" + n++, cert);
      }
      TrustManagerFactory combined =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      combined.init(store);
      return combined;
    } catch (IOException | GeneralSecurityException e) {
      throw new WebSocketTlsException(
          "Cannot combine the JDK's trusted certificates with "
              + TlsOptions.CA_BUNDLE_ENV
              + ": "
              + e,
          e);
    }
  }
}
