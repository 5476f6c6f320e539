package dev.websocket.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Data;
import dev.websocket.client.Message;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.codec.Opcode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The user stories every real echo peer must pass: text, binary, 1 MiB, permessage-deflate, close
 * codes both ways, pings both ways. A subclass starts the peer in {@code @BeforeAll} and says how
 * to reach it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class EchoPeerContract {

  /** Each connect, handshake and receive waits at most this long, so no test can hang. */
  static final Duration WAIT = Duration.ofSeconds(15);

  private static final int MIB = 1024 * 1024;

  /** Records whether the subclass's peer could be started. */
  abstract PeerGuard guard();

  @BeforeEach
  void requirePeer() {
    guard().assumeStarted();
  }

  /** The URL of {@code path} on the peer. */
  abstract String url(String path);

  /** Options for connecting to the peer (TLS trust, for instance) before the test's own. */
  abstract ConnectOptions.Builder options();

  private WebSocket connect(String path) throws IOException {
    return WebSocket.connect(url(path), options().build());
  }

  // ---------------------------------------------------------------- messages

  @Test
  void aTextMessageIsEchoedAsText() throws IOException {
    String text = "Hello, wörld ✓ 🌍";
    try (WebSocket ws = connect("/")) {
      ws.send(text);
      Message reply = ws.recv();
      assertTrue(reply.isText());
      assertEquals(text, reply.text());
    }
  }

  @Test
  void anEmptyTextMessageIsEchoed() throws IOException {
    try (WebSocket ws = connect("/")) {
      ws.send("");
      Message reply = ws.recv();
      assertTrue(reply.isText());
      assertEquals("", reply.text());
    }
  }

  @Test
  void aBinaryMessageWithEveryByteValueIsEchoedAsBinary() throws IOException {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    try (WebSocket ws = connect("/")) {
      ws.send(bytes);
      Message reply = ws.recv();
      assertFalse(reply.isText());
      assertArrayEquals(bytes, reply.bytes());
    }
  }

  @Test
  void aOneMebibyteRandomBinaryMessageRoundTrips() throws IOException {
    byte[] bytes = new byte[MIB];
    new Random(6455).nextBytes(bytes);
    try (WebSocket ws = connect("/")) {
      ws.send(bytes);
      Message reply = ws.recv();
      assertFalse(reply.isText());
      assertArrayEquals(bytes, reply.bytes());
    }
  }

  @Test
  void aOneMebibyteCompressibleTextMessageRoundTrips() throws IOException {
    String text = jsonLike(MIB);
    try (WebSocket ws = connect("/")) {
      ws.send(text);
      Message reply = ws.recv();
      assertTrue(reply.isText());
      assertEquals(text, reply.text());
    }
  }

  @Test
  void manyMessagesInARowArriveInOrder() throws IOException {
    try (WebSocket ws = connect("/")) {
      for (int i = 0; i < 200; i++) {
        ws.send("message " + i);
      }
      for (int i = 0; i < 200; i++) {
        assertEquals("message " + i, ws.recv().text());
      }
    }
  }

  // ---------------------------------------------------------------- permessage-deflate

  @Test
  void permessageDeflateIsNegotiatedByDefaultAndTheServerUsesIt() throws IOException {
    try (WebSocket ws = connect("/")) {
      List<String> extensions = ws.headers().get("sec-websocket-extensions");
      assertNotNull(extensions, "the server accepted no extension; headers: " + ws.headers());
      assertTrue(
          String.join(",", extensions).startsWith("permessage-deflate"), extensions::toString);
      ws.send("cmd:extensions");
      assertEquals("permessage-deflate", ws.recv().text());
    }
  }

  @Test
  void compressedMessagesSharingTheContextRoundTrip() throws IOException {
    Random random = new Random(7692);
    try (WebSocket ws = connect("/")) {
      for (int i = 0; i < 100; i++) {
        String text = jsonLike(200 + random.nextInt(5000)) + " #" + i;
        ws.send(text);
        assertEquals(text, ws.recv().text(), "message " + i);
      }
    }
  }

  @Test
  void aCompressedMessageSentInFragmentsByTheServerIsJoined() throws IOException {
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 7; i++) {
      expected.append(String.valueOf((char) ('a' + i)).repeat(4096));
    }
    try (WebSocket ws = connect("/")) {
      ws.send("cmd:fragments 7 4096");
      Message reply = ws.recv();
      assertTrue(reply.isText());
      assertEquals(expected.toString(), reply.text());
    }
  }

  @Test
  void withCompressionOffNoExtensionIsNegotiatedAndMessagesStillRoundTrip() throws IOException {
    String text = jsonLike(64 * 1024);
    try (WebSocket ws = WebSocket.connect(url("/"), options().compression(false).build())) {
      assertNull(ws.headers().get("sec-websocket-extensions"));
      ws.send("cmd:extensions");
      assertEquals("", ws.recv().text());
      ws.send(text);
      assertEquals(text, ws.recv().text());
    }
  }

  // ---------------------------------------------------------------- closing

  @Test
  void theClientsNormalCloseReachesTheServerAs1000() throws IOException {
    String id = UUID.randomUUID().toString();
    try (WebSocket ws = connect("/c/" + id)) {
      ws.send("before closing");
      assertEquals("before closing", ws.recv().text());
    }
    assertEquals("closed 1000 ", closeSeenByServer(id));
  }

  @Test
  void aCustomCloseCodeAndReasonReachTheServer() throws IOException {
    String id = UUID.randomUUID().toString();
    WebSocket ws = connect("/c/" + id);
    try {
      ws.close(4000, "custom reason ✓", WAIT);
      assertFalse(ws.isConnected());
    } finally {
      ws.close();
    }
    assertEquals("closed 4000 custom reason ✓", closeSeenByServer(id));
  }

  @Test
  void aServerInitiatedCloseReachesTheClientWithItsCodeAndReason() throws IOException {
    try (WebSocket ws = connect("/")) {
      ws.send("cmd:close 4001 server says bye");
      Data close = ws.recvData(true);
      assertEquals(Opcode.CLOSE, close.opcode());
      assertArrayEquals(closePayload(4001, "server says bye"), close.data());
      // After the close frame, receiving reports the server's status and reason.
      WebSocketConnectionClosedException e =
          assertThrows(WebSocketConnectionClosedException.class, ws::recv);
      assertEquals(4001, e.status(), e::toString);
      assertEquals("server says bye", e.reason());
      assertFalse(ws.isConnected());
    }
  }

  /** Asks the peer, on a second connection, how the connection {@code id} closed on its side. */
  private String closeSeenByServer(String id) throws IOException {
    try (WebSocket ws = connect("/")) {
      ws.send("cmd:closed " + id);
      return ws.recv().text();
    }
  }

  static byte[] closePayload(int status, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + text.length];
    payload[0] = (byte) (status >> 8);
    payload[1] = (byte) status;
    System.arraycopy(text, 0, payload, 2, text.length);
    return payload;
  }

  // ---------------------------------------------------------------- pings

  @Test
  void theServerAnswersTheClientsPingWithItsPayload() throws IOException {
    try (WebSocket ws = connect("/")) {
      ws.ping("are you there?");
      Data pong = ws.recvData(true);
      assertEquals(Opcode.PONG, pong.opcode());
      assertEquals("are you there?", new String(pong.data(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void theClientAnswersTheServersPingWithItsPayload() throws IOException {
    try (WebSocket ws = connect("/")) {
      ws.send("cmd:ping knock knock");
      Data ping = ws.recvData(true);
      assertEquals(Opcode.PING, ping.opcode());
      assertEquals("knock knock", new String(ping.data(), StandardCharsets.UTF_8));
      // The server reports the pong it received with the same payload.
      assertEquals("pong knock knock", ws.recv().text());
    }
  }

  /** Compressible text of exactly {@code length} ASCII characters, like a stream of JSON quotes. */
  static String jsonLike(int length) {
    StringBuilder b = new StringBuilder(length + 100);
    for (int i = 0; b.length() < length; i++) {
      b.append("{\"symbol\":\"ACME\",\"seq\":")
          .append(i)
          .append(",\"price\":")
          .append(100 + i % 37)
          .append(".25,\"side\":\"")
          .append(i % 2 == 0 ? "buy" : "sell")
          .append("\"}\n");
    }
    b.setLength(length);
    return b.toString();
  }
}
