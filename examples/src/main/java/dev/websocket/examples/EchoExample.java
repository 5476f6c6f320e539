package dev.websocket.examples;

import dev.websocket.client.Message;
import dev.websocket.client.WebSocket;
import dev.websocket.wsdump.EchoServer;

/**
 * The blocking facade, as Python's {@code create_connection}: connect, send, receive, close.
 *
 * <p>Arguments: {@code [url]}. Without one it starts the embedded echo server and talks to it.
 */
public final class EchoExample {

  private EchoExample() {}

  public static void main(String[] args) throws Exception {
    try (EchoServer local = args.length > 0 ? null : EchoServer.start()) {
      String url = args.length > 0 ? args[0] : local.url();

      try (WebSocket ws = WebSocket.connect(url)) {
        System.out.println("connected to " + url + " (status " + ws.status() + ")");

        ws.send("Hello, world");
        Message reply = ws.recv();
        System.out.println("received text: " + reply.text());

        ws.send(new byte[] {1, 2, 3, 4});
        System.out.println("received binary: " + ws.recv().bytes().length + " bytes");
      } // close() runs the close handshake: 1000, then waits for the server's close
      System.out.println("closed");
    }
  }
}
