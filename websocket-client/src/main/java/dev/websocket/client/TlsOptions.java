package dev.websocket.client;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * TLS settings for {@code wss://} (Python's {@code sslopt}). Secure by default: the server's
 * certificate chain is checked against the JDK's trust store (plus the PEM bundle named by the
 * {@value #CA_BUNDLE_ENV} environment variable, as the Python library does) and its name against
 * the host. Every check can be relaxed explicitly.
 *
 * <p>Immutable; build with {@link #builder()}.
 */
public final class TlsOptions {

  /**
   * The environment variable naming an extra PEM bundle (a file, or a folder of PEM files) of
   * trusted certificates.
   */
  public static final String CA_BUNDLE_ENV = "WEBSOCKET_CLIENT_CA_BUNDLE";

  /** The defaults: full verification, the JDK's protocols and ciphers. */
  public static final TlsOptions DEFAULT = builder().build();

  private final boolean verifyCertificates;
  private final boolean verifyHostname;
  private final Path trustCertificates;
  private final Path certificateChain;
  private final Path privateKey;
  private final String keyPassword;
  private final String serverName;
  private final List<String> protocols;
  private final List<String> ciphers;
  private final SslContext sslContext;

  private TlsOptions(Builder b) {
    this.verifyCertificates = b.verifyCertificates;
    this.verifyHostname = b.verifyHostname;
    this.trustCertificates = b.trustCertificates;
    this.certificateChain = b.certificateChain;
    this.privateKey = b.privateKey;
    this.keyPassword = b.keyPassword;
    this.serverName = b.serverName;
    this.protocols = b.protocols;
    this.ciphers = b.ciphers;
    this.sslContext = b.sslContext;
  }

  /** A builder with the secure defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options that check nothing: for tests against self-signed servers only (wsdump's {@code -n}).
   */
  public static TlsOptions insecure() {
    return builder().verifyCertificates(false).verifyHostname(false).build();
  }

  /** Whether the certificate chain is verified (default true; Python's {@code cert_reqs}). */
  public boolean verifyCertificates() {
    return verifyCertificates;
  }

  /**
   * Whether the certificate must match the host name (default true; Python's {@code
   * check_hostname}).
   */
  public boolean verifyHostname() {
    return verifyHostname;
  }

  /**
   * A PEM file or a folder of PEM files trusted in place of the JDK's trust store, or null
   * (Python's {@code ca_certs} or {@code ca_cert_path}).
   */
  public Path trustCertificates() {
    return trustCertificates;
  }

  /** The client certificate chain (PEM), or null (Python's {@code certfile}). */
  public Path certificateChain() {
    return certificateChain;
  }

  /** The client's PKCS#8 private key (PEM), or null (Python's {@code keyfile}). */
  public Path privateKey() {
    return privateKey;
  }

  /** The private key's password, or null (Python's {@code password}). */
  public String keyPassword() {
    return keyPassword;
  }

  /**
   * The SNI name (and the name verified) when it differs from the URL's host, or null (Python's
   * {@code server_hostname}).
   */
  public String serverName() {
    return serverName;
  }

  /** TLS protocol versions to enable, e.g. "TLSv1.3"; empty for the JDK's defaults. */
  public List<String> protocols() {
    return protocols;
  }

  /** Cipher suites to enable; empty for the JDK's defaults (Python's {@code ciphers}). */
  public List<String> ciphers() {
    return ciphers;
  }

  /**
   * A ready-made client context that replaces all the settings above but the server name, or null.
   */
  public SslContext sslContext() {
    return sslContext;
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.verifyCertificates = verifyCertificates;
    b.verifyHostname = verifyHostname;
    b.trustCertificates = trustCertificates;
    b.certificateChain = certificateChain;
    b.privateKey = privateKey;
    b.keyPassword = keyPassword;
    b.serverName = serverName;
    b.protocols = protocols;
    b.ciphers = ciphers;
    b.sslContext = sslContext;
    return b;
  }

  /**
   * Equal options set TLS up the same way (a user's {@code SslContext} only equals itself):
   * WebSockets with equal options may share an HTTP/2 connection, and one built TLS context.
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof TlsOptions)) {
      return false;
    }
    TlsOptions o = (TlsOptions) other;
    return verifyCertificates == o.verifyCertificates
        && verifyHostname == o.verifyHostname
        && Objects.equals(trustCertificates, o.trustCertificates)
        && Objects.equals(certificateChain, o.certificateChain)
        && Objects.equals(privateKey, o.privateKey)
        && Objects.equals(keyPassword, o.keyPassword)
        && Objects.equals(serverName, o.serverName)
        && protocols.equals(o.protocols)
        && ciphers.equals(o.ciphers)
        && sslContext == o.sslContext;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        verifyCertificates,
        verifyHostname,
        trustCertificates,
        certificateChain,
        privateKey,
        serverName,
        protocols,
        ciphers,
        System.identityHashCode(sslContext));
  }

  @Override
  public String toString() {
    return "TlsOptions{verifyCertificates="
        + verifyCertificates
        + ", verifyHostname="
        + verifyHostname
        + ", trustCertificates="
        + trustCertificates
        + ", certificateChain="
        + certificateChain
        + ", privateKey="
        + (privateKey == null ? null : "(set)")
        + ", serverName="
        + serverName
        + ", protocols="
        + protocols
        + ", ciphers="
        + ciphers
        + ", sslContext="
        + (sslContext == null ? null : "(custom)")
        + '}';
  }

  /** Builds {@link TlsOptions}. */
  public static final class Builder {
    private boolean verifyCertificates = true;
    private boolean verifyHostname = true;
    private Path trustCertificates;
    private Path certificateChain;
    private Path privateKey;
    private String keyPassword;
    private String serverName;
    private List<String> protocols = List.of();
    private List<String> ciphers = List.of();
    private SslContext sslContext;

    private Builder() {}

    /**
     * Verify the server's certificate chain (default true). False also turns off the host name
     * check.
     */
    public Builder verifyCertificates(boolean verify) {
      this.verifyCertificates = verify;
      return this;
    }

    /** Verify that the certificate names the host (default true). */
    public Builder verifyHostname(boolean verify) {
      this.verifyHostname = verify;
      return this;
    }

    /**
     * Trust the certificates in this PEM file, or in the PEM files of this folder (Python's {@code
     * ca_certs} and {@code ca_cert_path}; in a folder every file holding a certificate is read,
     * whatever its name), instead of the JDK's trust store. A path that does not exist or holds no
     * certificate fails the connect with a {@link WebSocketTlsException} naming it.
     */
    public Builder trustCertificates(Path pem) {
      this.trustCertificates = Objects.requireNonNull(pem, "pem");
      return this;
    }

    /** Present this client certificate chain and PKCS#8 key (both PEM) when the server asks. */
    public Builder keyManager(Path certPem, Path keyPem) {
      this.certificateChain = Objects.requireNonNull(certPem, "certPem");
      this.privateKey = Objects.requireNonNull(keyPem, "keyPem");
      return this;
    }

    /** As {@link #keyManager(Path, Path)}, for an encrypted key. */
    public Builder keyManager(Path certPem, Path keyPem, String keyPassword) {
      keyManager(certPem, keyPem);
      this.keyPassword = keyPassword;
      return this;
    }

    /** Send this SNI name and verify the certificate against it instead of the URL's host. */
    public Builder serverName(String serverName) {
      this.serverName = Objects.requireNonNull(serverName, "serverName");
      return this;
    }

    /** Enable only these protocol versions, e.g. {@code "TLSv1.3"}. */
    public Builder protocols(String... protocols) {
      this.protocols = List.of(protocols);
      return this;
    }

    /** Enable only these cipher suites. */
    public Builder ciphers(String... ciphers) {
      this.ciphers = List.of(ciphers);
      return this;
    }

    /**
     * Use this client context as it is: its trust, keys and host name check (Netty's {@code
     * SslContextBuilder.endpointIdentificationAlgorithm}) apply, and every other setting here but
     * {@link #serverName} is ignored.
     */
    public Builder sslContext(SslContext context) {
      if (!context.isClient()) {
        throw new IllegalArgumentException("Not a client SslContext");
      }
      this.sslContext = context;
      return this;
    }

    /** The options. */
    public TlsOptions build() {
      return new TlsOptions(this);
    }
  }
}
