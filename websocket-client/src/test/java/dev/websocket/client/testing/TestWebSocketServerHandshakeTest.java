package dev.websocket.client.testing;

import static dev.websocket.client.testing.JdkClients.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.testing.Hex;
import java.io.ByteArrayOutputStream;
import java.net.SocketTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class TestWebSocketServerHandshakeTest {

  private static final String PAGE = "<html><body>No such socket</body></html>";

  @Test
  void answersWithTheScripted404ExactlyAsWrittenThenCloses() throws Exception {
    try (TestWebSocketServer server =
            TestWebSocketServer.builder()
                .respond(
                    UpgradeResponse.status(404, "Not Found")
                        .withHeader("Content-Type", "text/html")
                        .withHeader("X-Trace", "abc")
                        .withBody(PAGE))
                .start();
        RawClient client = RawClient.connect(server)) {
      client.write(RawClient.handshakeRequest("/missing").getBytes(StandardCharsets.US_ASCII));

      String response = new String(client.readToEnd(), StandardCharsets.ISO_8859_1);

      assertEquals(
          "HTTP/1.1 404 Not Found\r\n"
              + "Content-Type: text/html\r\n"
              + "X-Trace: abc\r\n"
              + "Content-Length: "
              + PAGE.length()
              + "\r\n"
              + "\r\n"
              + PAGE,
          response);
    }
  }

  @Test
  void theJdkClientSeesTheScripted404AsAFailedHandshake() throws Exception {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .respond(UpgradeResponse.status(404, "Not Found").withBody(PAGE))
            .start()) {
      ExecutionException failure =
          assertThrows(
              ExecutionException.class,
              () ->
                  JdkClients.open(JdkClients.plain(), server.uri("/"), new JdkClientListener())
                      .get(10, TimeUnit.SECONDS));

      WebSocketHandshakeException handshake =
          assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
      assertEquals(404, handshake.getResponse().statusCode());
    }
  }

  @Test
  void answersEachPathOfARedirectChainAsRouted() throws Exception {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder().respond("/a", UpgradeResponse.redirect(301, "/b")).start()) {
      // an absolute Location can only name the port once the server is bound
      server.respond("/b", UpgradeResponse.redirect(302, server.uri("localhost", "/c")));

      assertTrue(
          handshakeHead(server, "/a")
              .startsWith("HTTP/1.1 301 Moved Permanently\r\nLocation: /b\r\n"));
      assertTrue(
          handshakeHead(server, "/b")
              .startsWith(
                  "HTTP/1.1 302 Found\r\nLocation: ws://localhost:" + server.port() + "/c\r\n"));
      assertTrue(handshakeHead(server, "/c").startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
      assertEquals(3, server.requests().size());
    }
  }

  @Test
  void sendsACorrect101ByDefault() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.echo()) {
      assertEquals(
          "HTTP/1.1 101 Switching Protocols\r\n"
              + "Upgrade: websocket\r\n"
              + "Connection: Upgrade\r\n"
              + "Sec-WebSocket-Accept: "
              + RawClient.ACCEPT
              + "\r\n"
              + "\r\n",
          handshakeHead(server, "/"));
    }
  }

  @Test
  void sendsTheScriptedWrongAcceptAndLeavesOutTheUpgradeHeader() throws Exception {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .respond(
                UpgradeResponse.accept()
                    .withAccept("bm90IHRoZSByaWdodCBrZXk=")
                    .withoutHeader("upgrade"))
            .start()) {
      assertEquals(
          "HTTP/1.1 101 Switching Protocols\r\n"
              + "Connection: Upgrade\r\n"
              + "Sec-WebSocket-Accept: bm90IHRoZSByaWdodCBrZXk=\r\n"
              + "\r\n",
          handshakeHead(server, "/"));
    }
  }

  @Test
  void answersTheScriptedSubprotocolAndExtensionsWhateverWasOffered() throws Exception {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .respond(
                UpgradeResponse.accept()
                    .withSubprotocol("never-offered")
                    .withExtensions("x-unknown; level=3"))
            .start()) {
      String head = handshakeHead(server, "/");
      assertTrue(head.contains("\r\nSec-WebSocket-Protocol: never-offered\r\n"), head);
      assertTrue(head.contains("\r\nSec-WebSocket-Extensions: x-unknown; level=3\r\n"), head);
    }
  }

  @Test
  void picksTheFirstSubprotocolTheClientOffered() throws Exception {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .respond(UpgradeResponse.accept().withFirstOfferedSubprotocol())
            .start()) {
      WebSocket ws =
          JdkClients.connect(
              JdkClients.plain(), server.uri("/"), new JdkClientListener(), "chat", "superchat");

      assertEquals("chat", ws.getSubprotocol());
      ws.abort();
    }
  }

  @Test
  void answersWithGarbageInsteadOfHttpThenCloses() throws Exception {
    try (TestWebSocketServer server =
            TestWebSocketServer.builder()
                .respond(UpgradeResponse.raw(Hex.decode("de ad be ef 00 ff")))
                .start();
        RawClient client = RawClient.connect(server)) {
      client.write(RawClient.handshakeRequest("/").getBytes(StandardCharsets.US_ASCII));

      assertArrayEquals(Hex.decode("de ad be ef 00 ff"), client.readToEnd());
    }
  }

  @Test
  void readsTheRequestButNeverAnswersWhenToldNotTo() throws Exception {
    try (TestWebSocketServer server =
            TestWebSocketServer.builder().respond(UpgradeResponse.noAnswer()).start();
        RawClient client = RawClient.connect(server)) {
      client.write(RawClient.handshakeRequest("/").getBytes(StandardCharsets.US_ASCII));

      server.awaitRequests(1, TIMEOUT);
      // the request has been handled; a short read shows nothing came back and nothing closed
      client.timeout(Duration.ofMillis(100));
      assertThrows(SocketTimeoutException.class, () -> client.readExactly(1));
      assertTrue(server.connections().get(0).isOpen());
    }
  }

  @Test
  void bytesScriptedIntoTheSameWriteArriveRightAfterThe101() throws Exception {
    byte[] hello = Hex.decode("81 05 48 65 6c 6c 6f   // FIN TEXT len=5 \"Hello\"");
    try (TestWebSocketServer server =
            TestWebSocketServer.builder()
                .respond(UpgradeResponse.accept().withBytesInSameWrite(hello))
                .start();
        RawClient client = RawClient.connect(server)) {
      String head = client.handshake("/");

      assertTrue(head.startsWith("HTTP/1.1 101 "), head);
      assertArrayEquals(hello, client.readExactly(hello.length));
    }
  }

  @Test
  void theJdkClientReceivesTheFrameSentWithThe101() throws Exception {
    try (TestWebSocketServer server =
        TestWebSocketServer.builder()
            .respond(UpgradeResponse.accept().withBytesInSameWrite(RawFrames.text("early")))
            .start()) {
      JdkClientListener listener = new JdkClientListener();
      WebSocket ws = JdkClients.connect(JdkClients.plain(), server.uri("/"), listener);

      assertEquals("early", listener.nextMessage(TIMEOUT).asText());
      ws.abort();
    }
  }

  @Test
  void refusesARequestThatIsNotAWebSocketUpgradeWith400() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.echo();
        RawClient client = RawClient.connect(server)) {
      client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      String response = new String(client.readToEnd(), StandardCharsets.ISO_8859_1);

      assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
      assertEquals(1, server.awaitErrors(1, TIMEOUT).size());
    }
  }

  @Test
  void negotiatesPermessageDeflateAndEchoesCompressed() throws Exception {
    try (TestWebSocketServer server = TestWebSocketServer.builder().permessageDeflate().start();
        RawClient client = RawClient.connect(server)) {
      String head = client.handshake("/", "Sec-WebSocket-Extensions: permessage-deflate");
      assertTrue(head.contains("\r\nSec-WebSocket-Extensions: permessage-deflate"), head);

      String text = "Hello Hello Hello Hello";
      client.sendFrame(true, 4, RawFrames.TEXT, deflate(text)); // RSV1: compressed

      RecordedFrame echo = client.readFrame();
      assertEquals(4, echo.rsv());
      assertEquals(RawFrames.TEXT, echo.opcode());
      assertEquals(text, inflate(echo.payload()));
      assertEquals(4, server.awaitFrames(1, TIMEOUT).get(0).rsv());
    }
  }

  private static String handshakeHead(TestWebSocketServer server, String path) throws Exception {
    try (RawClient client = RawClient.connect(server)) {
      return client.handshake(path);
    }
  }

  /** RFC 7692 7.2.1: deflate, sync-flush, drop the trailing 00 00 ff ff. */
  private static byte[] deflate(String text) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
    byte[] out = new byte[1024];
    int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
    deflater.end();
    return Arrays.copyOf(out, n - 4);
  }

  /** RFC 7692 7.2.2: append 00 00 ff ff, inflate. */
  private static String inflate(byte[] payload) throws Exception {
    Inflater inflater = new Inflater(true);
    inflater.setInput(concat(payload, Hex.decode("00 00 ff ff")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1024];
    int n;
    while ((n = inflater.inflate(buffer)) > 0) {
      out.write(buffer, 0, n);
    }
    inflater.end();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
