package dev.websocket.interop;

import dev.websocket.client.ConnectOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The client against Python's {@code websockets} server (Debian package python3-websockets),
 * deflate on by default.
 */
class PythonWebsocketsInteropTest extends EchoPeerContract {

  private static final PeerGuard GUARD = new PeerGuard();
  private static EchoServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = GUARD.start(EchoServer::python);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  PeerGuard guard() {
    return GUARD;
  }

  @Override
  String url(String path) {
    return server.url(path);
  }

  @Override
  ConnectOptions.Builder options() {
    return ConnectOptions.builder().timeout(WAIT).proxyFromEnvironment(false);
  }
}
