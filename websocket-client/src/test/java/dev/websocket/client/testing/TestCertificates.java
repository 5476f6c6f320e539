package dev.websocket.client.testing;

import static dev.websocket.client.testing.CertificateIssuer.dns;
import static dev.websocket.client.testing.CertificateIssuer.ip;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Certificates for TLS tests, made once per JVM and written as PEM files in a temporary folder
 * (removed when the JVM exits):
 *
 * <ul>
 *   <li>{@link #ca()}: the test CA, whose PEM is what a client is told to trust;
 *   <li>{@link #server()}: for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, signed by the
 *       CA;
 *   <li>{@link #wrongHost()}: for {@code wrong.example} only, signed by the same CA, so trust
 *       succeeds and the hostname check fails;
 *   <li>{@link #selfSigned()}: for the same names as {@link #server()} but signed by itself, so the
 *       hostname matches and trust fails;
 *   <li>{@link #client()}: a client certificate signed by the CA.
 * </ul>
 *
 * <p>It also makes Netty server contexts for {@link TestWebSocketServer} and JDK client contexts
 * for the fixture's own tests.
 */
public final class TestCertificates {

  /** The names the server certificate is valid for. */
  public static final List<String> SERVER_NAMES = List.of("localhost", "127.0.0.1", "::1");

  /** The only name the wrong-host certificate is valid for. */
  public static final String WRONG_HOST = "wrong.example";

  private static final char[] KEYSTORE_PASSWORD = "test".toCharArray();

  private final Path directory;
  private final TestIdentity ca;
  private final TestIdentity server;
  private final TestIdentity wrongHost;
  private final TestIdentity selfSigned;
  private final TestIdentity client;

  private TestCertificates() throws GeneralSecurityException, IOException {
    directory = Files.createTempDirectory("websocket-test-certificates");
    Runtime.getRuntime().addShutdownHook(new Thread(this::deleteFiles, "delete-test-certificates"));
    CertificateIssuer issuer = new CertificateIssuer();
    GeneralName[] serverNames = {dns("localhost"), ip("127.0.0.1"), ip("::1")};

    KeyPair caKeys = issuer.newKeyPair();
    ca = write("ca", issuer.certificateAuthority("WebSocket Test CA", caKeys), caKeys.getPrivate());

    KeyPair serverKeys = issuer.newKeyPair();
    server =
        write(
            "server",
            issuer.endEntity(
                "localhost",
                serverKeys.getPublic(),
                KeyPurposeId.id_kp_serverAuth,
                serverNames,
                ca.certificate(),
                caKeys.getPrivate()),
            serverKeys.getPrivate());

    KeyPair wrongKeys = issuer.newKeyPair();
    wrongHost =
        write(
            "wrong-host",
            issuer.endEntity(
                WRONG_HOST,
                wrongKeys.getPublic(),
                KeyPurposeId.id_kp_serverAuth,
                new GeneralName[] {dns(WRONG_HOST)},
                ca.certificate(),
                caKeys.getPrivate()),
            wrongKeys.getPrivate());

    KeyPair selfKeys = issuer.newKeyPair();
    selfSigned =
        write(
            "self-signed",
            issuer.endEntity(
                "localhost",
                selfKeys.getPublic(),
                KeyPurposeId.id_kp_serverAuth,
                serverNames,
                null,
                selfKeys.getPrivate()),
            selfKeys.getPrivate());

    KeyPair clientKeys = issuer.newKeyPair();
    client =
        write(
            "client",
            issuer.endEntity(
                "websocket-test-client",
                clientKeys.getPublic(),
                KeyPurposeId.id_kp_clientAuth,
                new GeneralName[0],
                ca.certificate(),
                caKeys.getPrivate()),
            clientKeys.getPrivate());
  }

  /** Holder idiom: generated on first use, once per JVM, thread-safely. */
  private static final class Holder {
    static final TestCertificates INSTANCE = create();

    private static TestCertificates create() {
      try {
        return new TestCertificates();
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException("Cannot make the test certificates", e);
      }
    }
  }

  /** The certificates of this JVM, made on the first call. */
  public static TestCertificates get() {
    return Holder.INSTANCE;
  }

  /** The folder holding every PEM file. */
  public Path directory() {
    return directory;
  }

  /** The test CA. */
  public TestIdentity ca() {
    return ca;
  }

  /** The server certificate for localhost, 127.0.0.1 and ::1, signed by the CA. */
  public TestIdentity server() {
    return server;
  }

  /** A server certificate for {@value #WRONG_HOST}, signed by the CA. */
  public TestIdentity wrongHost() {
    return wrongHost;
  }

  /** A self-signed certificate for localhost, 127.0.0.1 and ::1. */
  public TestIdentity selfSigned() {
    return selfSigned;
  }

  /** A client certificate signed by the CA. */
  public TestIdentity client() {
    return client;
  }

  /** A Netty server context presenting {@code identity}, loaded from its PEM files. */
  public SslContext serverContext(TestIdentity identity) {
    try {
      return serverBuilder(identity).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As {@link #serverContext}, and requiring a client certificate signed by the CA. */
  public SslContext serverContextRequiringClientCertificate(TestIdentity identity) {
    try {
      return serverBuilder(identity)
          .trustManager(ca.certificatePem().toFile())
          .clientAuth(ClientAuth.REQUIRE)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JDK client context trusting only the CA. */
  public SSLContext jdkClientContext() {
    return jdkClientContext(List.of(ca), null);
  }

  /**
   * A JDK client context trusting exactly {@code trusted} (e.g. the CA, or the self-signed
   * certificate) and presenting {@code key} when the server asks for a certificate ({@code null}
   * for none).
   */
  public SSLContext jdkClientContext(List<TestIdentity> trusted, TestIdentity key) {
    try {
      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      for (TestIdentity t : trusted) {
        trustStore.setCertificateEntry(t.name(), t.certificate());
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);
      KeyManagerFactory kmf = null;
      if (key != null) {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry(
            key.name(),
            key.privateKey(),
            KEYSTORE_PASSWORD,
            new Certificate[] {key.certificate(), ca.certificate()});
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, KEYSTORE_PASSWORD);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot build a client SSLContext", e);
    }
  }

  private static SslContextBuilder serverBuilder(TestIdentity identity) {
    return SslContextBuilder.forServer(
        identity.certificatePem().toFile(), identity.privateKeyPem().toFile());
  }

  private TestIdentity write(String name, X509Certificate certificate, PrivateKey key)
      throws IOException {
    Path certFile = directory.resolve(name + "-cert.pem");
    Path keyFile = directory.resolve(name + "-key.pem");
    writePem(certFile, certificate);
    writePem(keyFile, new JcaPKCS8Generator(key, null));
    return new TestIdentity(name, certificate, key, certFile, keyFile);
  }

  private static void writePem(Path file, Object object) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(object);
    }
  }

  private void deleteFiles() {
    try (var files = Files.list(directory)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // best effort at JVM exit: the folder is in the temp directory anyway
    }
  }
}
