package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.client.testing.UpgradeResponse;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.deflate.PerMessageDeflateConfig;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** permessage-deflate between the client and a server running Netty's own implementation. */
class CompressionTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void deflateIsOfferedByDefaultAndLargeMessagesTravelCompressed() throws Exception {
    server = TestWebSocketServer.builder().permessageDeflate().start();
    String json = "{\"symbol\":\"ACME\",\"price\":123.45,\"volume\":1000}".repeat(200);
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      assertTrue(
          server
              .awaitRequests(1, WAIT)
              .get(0)
              .header("Sec-WebSocket-Extensions")
              .startsWith("permessage-deflate"));
      ws.send(json);
      assertEquals(json, ws.recv().text());
      RecordedFrame sent = server.awaitFrames(1, WAIT).get(0);
      assertEquals(0b100, sent.rsv(), "RSV1 marks the compressed message");
    }
  }

  @Test
  void manyMessagesShareTheCompressionContext() throws Exception {
    server = TestWebSocketServer.builder().permessageDeflate().start();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      for (int i = 0; i < 50; i++) {
        String text = ("message " + i + " ").repeat(300);
        ws.send(text);
        assertEquals(text, ws.recv().text());
      }
    }
  }

  @Test
  void deflateSettingsReachTheOfferAndTheMinimumSizeToCompress() throws Exception {
    server = TestWebSocketServer.builder().permessageDeflate().start();
    ConnectOptions options =
        ConnectOptions.builder()
            .deflate(
                PerMessageDeflateConfig.builder()
                    .clientNoContextTakeover(true)
                    .compressionThreshold(64)
                    .build())
            .build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      String offer = server.awaitRequests(1, WAIT).get(0).header("Sec-WebSocket-Extensions");
      assertTrue(offer.contains("client_no_context_takeover"), offer);
      ws.send("y".repeat(63));
      ws.send("y".repeat(64));
      assertEquals(63, ws.recv().text().length());
      assertEquals(64, ws.recv().text().length());
      assertEquals(0, server.awaitFrames(2, WAIT).get(0).rsv(), "under the minimum: sent as it is");
      assertEquals(0b100, server.awaitFrames(2, WAIT).get(1).rsv(), "at the minimum: compressed");
    }
  }

  @Test
  void compressionFalseKeepsTheOtherDeflateSettingsButOffersNothing() {
    PerMessageDeflateConfig custom =
        PerMessageDeflateConfig.builder().compressionThreshold(64).build();
    ConnectOptions options = ConnectOptions.builder().deflate(custom).compression(false).build();
    assertEquals(false, options.compression());
    assertEquals(64, options.deflate().compressionThreshold());
  }

  @Test
  void compressionOffCanBeChosen() throws Exception {
    server = TestWebSocketServer.builder().permessageDeflate().start();
    ConnectOptions options = ConnectOptions.builder().compression(false).build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      assertNull(server.awaitRequests(1, WAIT).get(0).header("Sec-WebSocket-Extensions"));
      ws.send("x".repeat(5000));
      assertEquals(5000, ws.recv().text().length());
      assertEquals(0, server.awaitFrames(1, WAIT).get(0).rsv());
    }
  }

  @Test
  void anAnswerTheClientCannotHonourFailsTheHandshakeWith1010() {
    server =
        TestWebSocketServer.builder()
            .respond(
                UpgradeResponse.accept()
                    .withExtensions("permessage-deflate; server_max_window_bits=7"))
            .start();
    WebSocketProtocolException e =
        assertThrows(WebSocketProtocolException.class, () -> WebSocket.connect(server.uri("/")));
    assertEquals(CloseStatus.INVALID_EXTENSION, e.closeStatus());
  }
}
