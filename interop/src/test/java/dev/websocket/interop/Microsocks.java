package dev.websocket.interop;

import java.io.IOException;
import java.util.List;

/** microsocks, a small SOCKS5 server, requiring RFC 1929 username/password authentication. */
final class Microsocks implements AutoCloseable {

  private final ExternalProcess process;
  private final int port;

  private Microsocks(ExternalProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts microsocks on a free port; skips (fails in CI) when it is not installed. */
  static Microsocks start(String user, String password) throws IOException {
    String executable = Programs.require("microsocks", "the Debian package microsocks").toString();
    int port = ExternalProcess.freePort();
    ExternalProcess process =
        ExternalProcess.start(
            "microsocks",
            List.of(
                executable,
                "-i",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-u",
                user,
                "-P",
                password),
            Programs.moduleDirectory(),
            null);
    try {
      process.awaitPort(port, ExternalProcess.START_DEADLINE);
      return new Microsocks(process, port);
    } catch (RuntimeException | Error e) {
      process.close();
      throw e;
    }
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    process.close();
  }
}
