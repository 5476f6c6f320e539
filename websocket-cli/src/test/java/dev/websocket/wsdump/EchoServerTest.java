package dev.websocket.wsdump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Data;
import dev.websocket.client.Message;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketBadStatusException;
import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The embedded echo server, driven by the project's own client. */
class EchoServerTest {

  @Test
  void acceptKeyOfRfc6455Section1_3() {
    assertEquals(
        "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", EchoUpgradeHandler.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
  }

  @Test
  void listensOnLoopbackWithAFreePort() {
    try (EchoServer server = EchoServer.start()) {
      assertTrue(server.port() > 0);
      assertEquals("ws://127.0.0.1:" + server.port() + "/", server.url());
    }
  }

  @Test
  void echoesTextAndBinary() throws IOException {
    try (EchoServer server = EchoServer.start();
        WebSocket ws = WebSocket.connect(server.url())) {
      ws.send("hello");
      ws.send(new byte[] {0, 1, 2, (byte) 0xFF});

      Message text = ws.recv();
      assertTrue(text.isText());
      assertEquals("hello", text.text());
      Message binary = ws.recv();
      assertFalse(binary.isText());
      assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xFF}, binary.bytes());
    }
  }

  @Test
  void echoesALargeMessage() throws IOException {
    byte[] big = new byte[3 * 1024 * 1024];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    try (EchoServer server = EchoServer.start();
        WebSocket ws = WebSocket.connect(server.url())) {
      ws.send(big);
      assertArrayEquals(big, ws.recv().bytes());
    }
  }

  @Test
  void echoesAFragmentedMessageWhole() throws IOException {
    try (EchoServer server = EchoServer.start();
        WebSocket ws = WebSocket.connect(server.url())) {
      ws.sendFrame(
          new Frame(Opcode.TEXT, false, 0, Unpooled.copiedBuffer("frag", StandardCharsets.UTF_8)));
      ws.ping("between");
      ws.sendFrame(
          Frame.continuation(true, Unpooled.copiedBuffer("mented", StandardCharsets.UTF_8)));

      Data pong = ws.recvData(true);
      assertEquals(Opcode.PONG, pong.opcode());
      assertEquals("fragmented", ws.recv().text());
    }
  }

  @Test
  void answersPingsWithTheirPayload() throws IOException {
    try (EchoServer server = EchoServer.start();
        WebSocket ws = WebSocket.connect(server.url())) {
      ws.ping("are you there");

      Data pong = ws.recvData(true);
      assertEquals(Opcode.PONG, pong.opcode());
      assertEquals("are you there", new String(pong.data(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void answersCloseWithTheSameCode() throws IOException {
    try (EchoServer server = EchoServer.start();
        WebSocket ws = WebSocket.connect(server.url())) {
      ws.sendClose(4000, "done");

      Data close = ws.recvData(false);
      assertEquals(Opcode.CLOSE, close.opcode());
      assertEquals("4000", MessageFormatter.closeText(close.data()));
      WebSocketConnectionClosedException closed =
          assertThrows(WebSocketConnectionClosedException.class, ws::recv);
      assertEquals(4000, closed.status());
    }
  }

  @Test
  void choosesTheFirstOfferedSubprotocol() throws IOException {
    ConnectOptions options = ConnectOptions.builder().subprotocols("chat", "superchat").build();
    try (EchoServer server = EchoServer.start();
        WebSocket ws = WebSocket.connect(server.url(), options)) {
      assertEquals("chat", ws.subprotocol());
    }
  }

  @Test
  void servesManyConnections() throws IOException {
    try (EchoServer server = EchoServer.start()) {
      for (int i = 0; i < 5; i++) {
        try (WebSocket ws = WebSocket.connect(server.url())) {
          ws.send("n" + i);
          assertEquals("n" + i, ws.recv().text());
        }
      }
    }
  }

  @Test
  void refusesAPlainHttpRequest() throws IOException {
    try (EchoServer server = EchoServer.start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
    }
  }

  @Test
  void refusesAnUpgradeWithAnotherVersion() {
    try (EchoServer server = EchoServer.start()) {
      ConnectOptions options =
          ConnectOptions.builder().header("Sec-WebSocket-Version", "8").build();
      WebSocketBadStatusException e =
          assertThrows(
              WebSocketBadStatusException.class,
              () -> WebSocket.connect(server.url(), options).close());
      assertEquals(426, e.statusCode());
    }
  }

  @Test
  void closeEndsOpenConnections() throws IOException {
    EchoServer server = EchoServer.start();
    try (WebSocket ws = WebSocket.connect(server.url())) {
      server.close();
      assertThrows(WebSocketConnectionClosedException.class, ws::recv);
    }
  }

  @Test
  void closingTwiceIsHarmless() {
    EchoServer server = EchoServer.start();
    server.close();
    server.close();
    assertThrows(IOException.class, () -> WebSocket.connect(server.url()));
  }
}
