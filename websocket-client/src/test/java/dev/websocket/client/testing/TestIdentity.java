package dev.websocket.client.testing;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A certificate with its private key, in memory and as PEM files: the certificate as {@code
 * CERTIFICATE}, the key as unencrypted PKCS#8 {@code PRIVATE KEY}, the forms {@code TlsOptions},
 * Netty's {@code SslContextBuilder}, nginx and Python all read.
 *
 * @param name a short name, also the stem of the file names
 * @param certificate the certificate
 * @param privateKey its key (EC P-256)
 * @param certificatePem the certificate's PEM file
 * @param privateKeyPem the key's PEM file
 */
public record TestIdentity(
    String name,
    X509Certificate certificate,
    PrivateKey privateKey,
    Path certificatePem,
    Path privateKeyPem) {

  @Override
  public String toString() {
    return "TestIdentity{" + name + " " + certificate.getSubjectX500Principal() + "}";
  }
}
