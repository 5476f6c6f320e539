package dev.websocket.client.internal;

import dev.websocket.client.WebSocketTlsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Trusted certificates from a PEM file or a folder of PEM files (Python's {@code ca_certs} and
 * {@code ca_cert_path}): in a folder, every regular file holding a {@code BEGIN CERTIFICATE} block
 * is read, whatever its name (OpenSSL's hashed names such as {@code 5ed36f99.0} included), and
 * other files are passed over.
 */
final class PemCertificates {

  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

  private PemCertificates() {}

  /**
   * The certificates in {@code path}.
   *
   * @throws WebSocketTlsException naming the path when it does not exist, cannot be read, holds a
   *     malformed certificate, or holds no certificate at all
   */
  static List<X509Certificate> read(Path path) throws WebSocketTlsException {
    if (Files.isDirectory(path)) {
      List<X509Certificate> all = new ArrayList<>();
      for (Path file : pemFiles(path)) {
        all.addAll(readFile(file));
      }
      if (all.isEmpty()) {
        throw new WebSocketTlsException("No PEM certificate in the folder " + path);
      }
      return all;
    }
    if (!Files.exists(path)) {
      throw new WebSocketTlsException("Trusted certificate file not found: " + path);
    }
    if (!holdsPem(path)) {
      throw new WebSocketTlsException("No PEM certificate in " + path);
    }
    return readFile(path);
  }

  private static List<Path> pemFiles(Path directory) throws WebSocketTlsException {
    List<Path> regular;
    try (Stream<Path> files = Files.list(directory)) {
      regular = files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new WebSocketTlsException(
          "Cannot list the trusted certificates in " + directory + ": " + e, e);
    }
    List<Path> pem = new ArrayList<>();
    for (Path file : regular) {
      if (holdsPem(file)) {
        pem.add(file);
      }
    }
    return pem;
  }

  private static boolean holdsPem(Path file) throws WebSocketTlsException {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(BEGIN);
    } catch (IOException e) {
      throw new WebSocketTlsException(
          "Cannot read the trusted certificates in " + file + ": " + e, e);
    }
  }

  private static List<X509Certificate> readFile(Path file) throws WebSocketTlsException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certificates = new ArrayList<>();
      CertificateFactory.getInstance("X.509")
          .generateCertificates(in)
          .forEach(c -> certificates.add((X509Certificate) c));
      return certificates;
    } catch (IOException | CertificateException e) {
      throw new WebSocketTlsException(
          "Cannot read the trusted certificates in " + file + ": " + e.getMessage(), e);
    }
  }
}
