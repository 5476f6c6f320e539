package dev.websocket.interop;

import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's hypercorn (Debian package python3-hypercorn) serving {@code
 * src/test/python/hypercorn_echo.py}: WebSocket over HTTP/1.1 and over HTTP/2 (RFC 8441) on two
 * ports it picked itself, one with TLS (ALPN h2, http/1.1; a certificate signed by the test CA),
 * one in clear text (HTTP/1.1, h2c).
 */
final class Hypercorn implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("^LISTENING (\\d+) (\\d+)$");

  private final ExternalProcess process;
  private final int tlsPort;
  private final int clearPort;

  private Hypercorn(ExternalProcess process, int tlsPort, int clearPort) {
    this.process = process;
    this.tlsPort = tlsPort;
    this.clearPort = clearPort;
  }

  /** Starts hypercorn; skips (fails in CI) when it is not installed. */
  static Hypercorn start() throws IOException {
    Programs.requireFile(EchoServer.DEBIAN_PYTHON, "the Debian package python3");
    Programs.requireThat(
        Programs.succeeds(EchoServer.DEBIAN_PYTHON.toString(), "-c", "import hypercorn"),
        EchoServer.DEBIAN_PYTHON
            + " cannot import hypercorn: install the Debian package python3-hypercorn");
    TestIdentity server = TestCertificates.get().server();
    List<String> command =
        List.of(
            EchoServer.DEBIAN_PYTHON.toString(),
            "-u",
            "hypercorn_echo.py",
            server.certificatePem().toString(),
            server.privateKeyPem().toString());
    Path scripts = Programs.moduleDirectory().resolve("src/test/python");
    ExternalProcess process = ExternalProcess.start("hypercorn", command, scripts, LISTENING);
    try {
      Matcher ports = process.awaitReadyLine(ExternalProcess.START_DEADLINE);
      int tlsPort = Integer.parseInt(ports.group(1));
      int clearPort = Integer.parseInt(ports.group(2));
      process.awaitPort(tlsPort, ExternalProcess.START_DEADLINE);
      process.awaitPort(clearPort, ExternalProcess.START_DEADLINE);
      return new Hypercorn(process, tlsPort, clearPort);
    } catch (RuntimeException | Error e) {
      process.close();
      throw e;
    }
  }

  /** {@code wss://127.0.0.1:PORT} followed by {@code path}, on the TLS port. */
  String wssUrl(String path) {
    return "wss://127.0.0.1:" + tlsPort + path;
  }

  /** {@code ws://127.0.0.1:PORT} followed by {@code path}, on the clear-text port. */
  String wsUrl(String path) {
    return "ws://127.0.0.1:" + clearPort + path;
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return process.toString();
  }
}
