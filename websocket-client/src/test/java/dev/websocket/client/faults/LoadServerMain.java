package dev.websocket.client.faults;

import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestWebSocketServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The load run's echo server in a JVM of its own, so that the client's JVM holds one file
 * descriptor per connection, not two. Prints {@code PORT <n>}, then answers each {@code stats} line
 * on standard input with {@code STATS <upgraded> <open> <errors>}; exits when standard input ends.
 */
public final class LoadServerMain {

  private LoadServerMain() {}

  public static void main(String[] args) throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.builder().recordFrames(false).start()) {
      System.out.println("PORT " + server.port());
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        if (line.equals("stats")) {
          List<ServerConnection> connections = server.connections();
          long upgraded = connections.stream().filter(c -> c.upgraded().isDone()).count();
          long open = connections.stream().filter(ServerConnection::isOpen).count();
          System.out.println("STATS " + upgraded + " " + open + " " + server.errors().size());
          System.out.flush();
        }
      }
    }
  }
}
