package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.TestWebSocketServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code WebSocket.enableTrace}: the handshake headers and every frame, in the Python library's
 * format, with credentials masked.
 */
class TraceTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    WebSocket.enableTrace(false);
    if (server != null) {
      server.close();
    }
  }

  private String trace() {
    out.flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Connects with tracing to {@link #out}, sends "Hello", receives the echo and closes. */
  private String traceOfAnEcho(String url, ConnectOptions options) throws Exception {
    WebSocket.enableTrace(true, out);
    try (WebSocket ws = WebSocket.connect(url, options)) {
      ws.send("Hello");
      assertEquals("Hello", ws.recv().text());
    }
    WebSocket.enableTrace(false);
    return trace();
  }

  @Test
  void requestHeadersAreTracedFirst() throws Exception {
    server = TestWebSocketServer.echo();
    String trace = traceOfAnEcho(server.uri("/trace?x=1"), ConnectOptions.DEFAULT);
    assertTrue(
        trace.startsWith(
            "--- request header ---\nGET /trace?x=1 HTTP/1.1\nUpgrade: websocket\nConnection: Upgrade\n"
                + "Host: 127.0.0.1:"
                + server.port()
                + "\n"),
        trace);
    assertTrue(trace.contains("\nSec-WebSocket-Version: 13\n"), trace);
  }

  @Test
  void responseHeadersAreTraced() throws Exception {
    server = TestWebSocketServer.echo();
    String trace = traceOfAnEcho(server.uri("/"), ConnectOptions.DEFAULT);
    assertTrue(
        trace.contains(
            "--- response header ---\nHTTP/1.1 101 Switching Protocols\nupgrade: websocket\n"),
        trace);
    assertTrue(
        trace.indexOf("--- request header ---") < trace.indexOf("--- response header ---"), trace);
  }

  @Test
  void framesAreTracedRawAndDecodedBothWays() throws Exception {
    server = TestWebSocketServer.echo();
    String trace = traceOfAnEcho(server.uri("/"), ConnectOptions.DEFAULT);
    // 81 85: FIN TEXT, masked, length 5; then a random mask key and the masked bytes.
    assertTrue(trace.contains("++Sent raw: b'\\x81\\x85"), trace);
    assertTrue(trace.contains("++Sent decoded: fin=1 opcode=1 data=b'Hello'\n"), trace);
    // 81 05 48 65 6c 6c 6f  // FIN TEXT len=5 "Hello", unmasked from the server
    assertTrue(trace.contains("++Rcv raw: b'\\x81\\x05Hello'\n"), trace);
    assertTrue(trace.contains("++Rcv decoded: fin=1 opcode=1 data=b'Hello'\n"), trace);
    // close(): 1000 is 03 e8
    assertTrue(trace.contains("++Sent decoded: fin=1 opcode=8 data=b'\\x03\\xe8'\n"), trace);
    assertTrue(trace.contains("++Rcv decoded: fin=1 opcode=8 data=b'\\x03\\xe8'\n"), trace);
    assertTrue(
        trace.indexOf("++Sent decoded: fin=1 opcode=1")
            < trace.indexOf("++Rcv decoded: fin=1 opcode=1"),
        trace);
  }

  @Test
  void credentialsAreMasked() throws Exception {
    server = TestWebSocketServer.echo();
    ConnectOptions options =
        ConnectOptions.builder()
            .header("Authorization", "Bearer secret-token")
            .cookie("session=s3cret-cookie")
            .build();
    String trace = traceOfAnEcho(server.uri("/"), options);
    assertTrue(trace.contains("\nAuthorization: ***\n"), trace);
    assertTrue(trace.contains("\nCookie: ***\n"), trace);
    assertFalse(trace.contains("secret-token"), trace);
    assertFalse(trace.contains("s3cret-cookie"), trace);
  }

  @Test
  void userInfoCredentialsAreMasked() throws Exception {
    server = TestWebSocketServer.echo();
    String trace =
        traceOfAnEcho("ws://alice:s3cret@127.0.0.1:" + server.port() + "/", ConnectOptions.DEFAULT);
    assertTrue(trace.contains("\nAuthorization: ***\n"), trace);
    // base64("alice:s3cret")
    assertFalse(trace.contains("YWxpY2U6czNjcmV0"), trace);
  }

  @Test
  void binaryPayloadsArePrintedAsPythonBytes() throws Exception {
    server = TestWebSocketServer.echo();
    WebSocket.enableTrace(true, out);
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      ws.send(new byte[] {0, 'a', '\'', '\\', '\n', (byte) 0xff});
      ws.recv();
    }
    assertTrue(
        trace().contains("++Sent decoded: fin=1 opcode=2 data=b'\\x00a\\'\\\\\\n\\xff'\n"),
        trace());
  }

  @Test
  void nothingIsTracedOnceTracingIsTurnedOff() throws Exception {
    server = TestWebSocketServer.echo();
    WebSocket.enableTrace(true, out);
    WebSocket.enableTrace(false);
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      ws.send("quiet");
      ws.recv();
    }
    assertEquals("", trace());
  }
}
