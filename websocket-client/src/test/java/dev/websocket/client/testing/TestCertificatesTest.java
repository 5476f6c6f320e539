package dev.websocket.client.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestCertificatesTest {

  private static final TestCertificates CERTS = TestCertificates.get();

  @Test
  void theServerCertificateNamesLocalhostAndBothLoopbackAddresses() throws Exception {
    List<Object> names = subjectAltNames(CERTS.server().certificate());

    assertEquals(
        List.of("localhost", InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")),
        names);
  }

  @Test
  void theWrongHostCertificateNamesOnlyTheWrongHost() throws Exception {
    assertEquals(
        List.of(TestCertificates.WRONG_HOST), subjectAltNames(CERTS.wrongHost().certificate()));
  }

  @Test
  void theServerClientAndWrongHostCertificatesAreSignedByTheCa() throws Exception {
    X509Certificate ca = CERTS.ca().certificate();
    ca.verify(ca.getPublicKey());
    assertTrue(ca.getBasicConstraints() >= 0, "the CA certificate is marked as a CA");
    for (TestIdentity id : List.of(CERTS.server(), CERTS.wrongHost(), CERTS.client())) {
      id.certificate().verify(ca.getPublicKey());
      assertEquals(ca.getSubjectX500Principal(), id.certificate().getIssuerX500Principal());
      assertEquals(-1, id.certificate().getBasicConstraints(), id + " is not a CA");
    }
  }

  @Test
  void theSelfSignedCertificateIsSignedByItsOwnKeyNotByTheCa() throws Exception {
    X509Certificate self = CERTS.selfSigned().certificate();

    self.verify(self.getPublicKey());
    assertThrows(
        SignatureException.class, () -> self.verify(CERTS.ca().certificate().getPublicKey()));
    assertEquals(subjectAltNames(CERTS.server().certificate()), subjectAltNames(self));
  }

  @Test
  void theClientCertificateIsForClientAuthentication() throws Exception {
    assertEquals(List.of("1.3.6.1.5.5.7.3.2"), CERTS.client().certificate().getExtendedKeyUsage());
    assertEquals(List.of("1.3.6.1.5.5.7.3.1"), CERTS.server().certificate().getExtendedKeyUsage());
  }

  @Test
  void eachPemFileHoldsTheCertificateAndItsPkcs8Key() throws Exception {
    for (TestIdentity id :
        List.of(
            CERTS.ca(), CERTS.server(), CERTS.wrongHost(), CERTS.selfSigned(), CERTS.client())) {
      assertEquals(CERTS.directory(), id.certificatePem().getParent());
      try (InputStream in = Files.newInputStream(id.certificatePem())) {
        assertEquals(
            id.certificate(), CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      String pem = Files.readString(id.privateKeyPem());
      assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem);
      String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      PrivateKey key =
          KeyFactory.getInstance("EC")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      assertArrayEquals(id.privateKey().getEncoded(), key.getEncoded());
    }
  }

  @Test
  void theCertificatesAreMadeOncePerJvm() {
    assertSame(CERTS, TestCertificates.get());
    assertSame(CERTS.server(), TestCertificates.get().server());
  }

  private static List<Object> subjectAltNames(X509Certificate certificate) throws Exception {
    List<Object> names = new ArrayList<>();
    for (List<?> entry : certificate.getSubjectAlternativeNames()) {
      int type = (Integer) entry.get(0);
      String value = (String) entry.get(1);
      // type 2 is a DNS name, 7 an IP address (whose text form varies, so compare addresses)
      names.add(type == 7 ? InetAddress.getByName(value) : value);
    }
    return names;
  }
}
