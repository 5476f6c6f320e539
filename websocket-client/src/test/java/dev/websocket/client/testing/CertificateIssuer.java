package dev.websocket.client.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes keys and X.509 certificates with BouncyCastle: a CA, and end-entity certificates for a
 * server or a client, signed by that CA or by themselves. EC P-256 keys, because generating them
 * takes milliseconds where RSA takes a good part of a second.
 */
final class CertificateIssuer {

  /** Long enough for any test run, short enough that a leaked key is worthless soon. */
  private static final Duration VALIDITY = Duration.ofDays(30);

  private static final String SIGNATURE = "SHA256withECDSA";

  private final SecureRandom random = new SecureRandom();

  KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    return generator.generateKeyPair();
  }

  /** A self-signed CA certificate that may sign others. */
  X509Certificate certificateAuthority(String commonName, KeyPair keys)
      throws GeneralSecurityException, IOException {
    X500Name name = new X500Name("CN=" + commonName);
    return sign(
        builder(name, name, keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
            .addExtension(
                Extension.subjectKeyIdentifier,
                false,
                extensions().createSubjectKeyIdentifier(keys.getPublic())),
        keys.getPrivate());
  }

  /**
   * An end-entity certificate for {@code subjectKey}, signed by {@code issuer} (or self-signed when
   * {@code issuer} is null), valid for these DNS names and IP addresses.
   */
  X509Certificate endEntity(
      String commonName,
      PublicKey subjectKey,
      KeyPurposeId purpose,
      GeneralName[] subjectAltNames,
      X509Certificate issuer,
      PrivateKey signingKey)
      throws GeneralSecurityException, IOException {
    X500Name subject = new X500Name("CN=" + commonName);
    X500Name issuerName =
        issuer == null
            ? subject
            : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
    X509v3CertificateBuilder b =
        builder(issuerName, subject, subjectKey)
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
            .addExtension(
                Extension.subjectKeyIdentifier,
                false,
                extensions().createSubjectKeyIdentifier(subjectKey));
    if (issuer != null) {
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions().createAuthorityKeyIdentifier(issuer));
    }
    if (subjectAltNames.length > 0) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectAltNames));
    }
    return sign(b, signingKey);
  }

  static GeneralName dns(String name) {
    return new GeneralName(GeneralName.dNSName, name);
  }

  static GeneralName ip(String address) {
    return new GeneralName(GeneralName.iPAddress, address);
  }

  private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
    Instant now = Instant.now();
    // backdated an hour so a clock a little behind does not reject a brand-new certificate
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(63, random).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(VALIDITY)),
        subject,
        key);
  }

  private static JcaX509ExtensionUtils extensions() throws GeneralSecurityException {
    return new JcaX509ExtensionUtils();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("Cannot sign with " + SIGNATURE, e);
    }
  }
}
