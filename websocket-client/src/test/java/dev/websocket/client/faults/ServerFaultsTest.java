package dev.websocket.client.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Message;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.client.WebSocketPayloadException;
import dev.websocket.client.WebSocketProtocolException;
import dev.websocket.client.WebSocketTimeoutException;
import dev.websocket.client.testing.ClientCloseReply;
import dev.websocket.client.testing.RawFrames;
import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.ServerAction;
import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.client.testing.UpgradeResponse;
import dev.websocket.codec.CloseStatus;
import dev.websocket.proxy.testing.HttpConnectProxyServer;
import dev.websocket.testing.Hex;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Servers and proxies that break: each fault ends in one precise exception, within a deadline
 * (every test runs under {@code assertTimeoutPreemptively}), with nothing leaked.
 */
class ServerFaultsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static ConnectOptions.Builder options() {
    return ConnectOptions.builder().timeout(WAIT).proxyFromEnvironment(false);
  }

  @Test
  void aResetInTheMiddleOfAFrameEndsRecvWithConnectionClosed1006() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          server =
              TestWebSocketServer.builder()
                  .echo(false)
                  .afterHandshake(ServerAction.resetMidFrame())
                  .start();
          try (WebSocket ws = WebSocket.connect(server.uri("/"), options().build())) {
            WebSocketConnectionClosedException e =
                assertThrows(WebSocketConnectionClosedException.class, ws::recv);
            assertEquals(CloseStatus.ABNORMAL_CLOSED, e.status(), e::toString);
            // and it stays closed: the half frame was never delivered
            assertThrows(WebSocketConnectionClosedException.class, ws::recv);
            assertFalse(ws.isConnected());
          }
        });
  }

  @Test
  void aServerThatHalfClosesAfterTheHandshakeIsSeenAsClosed1006() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted =
                CompletableFuture.supplyAsync(
                    () -> {
                      try {
                        Socket s = listener.accept();
                        BufferedReader in =
                            new BufferedReader(
                                new InputStreamReader(
                                    s.getInputStream(), StandardCharsets.ISO_8859_1));
                        String key = null;
                        for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                          if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                            key = line.substring(line.indexOf(':') + 1).trim();
                          }
                        }
                        OutputStream out = s.getOutputStream();
                        out.write(
                            ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    + "Sec-WebSocket-Accept: "
                                    + UpgradeResponse.acceptFor(key)
                                    + "\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        s.shutdownOutput(); // FIN: nothing more from the server, but it still reads
                        return s;
                      } catch (Exception e) {
                        throw new RuntimeException(e);
                      }
                    });
            String url = "ws://127.0.0.1:" + listener.getLocalPort() + "/";
            try (WebSocket ws = WebSocket.connect(url, options().compression(false).build())) {
              WebSocketConnectionClosedException e =
                  assertThrows(WebSocketConnectionClosedException.class, ws::recv);
              assertEquals(CloseStatus.ABNORMAL_CLOSED, e.status(), e::toString);
              assertEquals("Connection closed without a close frame", e.getMessage());
            } finally {
              accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS).close();
            }
          }
        });
  }

  @Test
  void aServerThatStallsInTheMiddleOfThe101TimesOutWithinTheTimeout() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          byte[] half =
              "HTTP/1.1 101 Switching Protocols\r\nUpgrade: webs"
                  .getBytes(StandardCharsets.US_ASCII);
          server =
              TestWebSocketServer.builder()
                  .respond(UpgradeResponse.raw(half).keepConnectionOpen())
                  .start();
          Duration timeout = Duration.ofMillis(800);
          long start = System.nanoTime();
          WebSocketTimeoutException e =
              assertThrows(
                  WebSocketTimeoutException.class,
                  () -> WebSocket.connect(server.uri("/"), options().timeout(timeout).build()));
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          assertTrue(
              e.getMessage().contains("Opening handshake")
                  && e.getMessage().contains("timed out after 800 ms"),
              e::toString);
          assertTrue(
              took.compareTo(timeout) >= 0 && took.compareTo(timeout.plusSeconds(2)) < 0,
              "took " + took);
          // the client gave up the connection
          server.awaitConnections(1, WAIT).get(0).awaitClosed(WAIT);
        });
  }

  @Test
  void aHandshakeResponseCutShortByTheServerClosingFailsWithConnectionClosed() {
    // found by HandshakeResponseFuzzTest: Netty's PrematureChannelClosureException escaped as is
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          byte[] cut =
              ("HTTP/1.1 301 Moved Permanently\r\nLocation: /elsewhere\r\nContent-Length: 10\r\n\r\nabc")
                  .getBytes(StandardCharsets.US_ASCII);
          server = TestWebSocketServer.builder().respond(UpgradeResponse.raw(cut)).start();
          WebSocketConnectionClosedException e =
              assertThrows(
                  WebSocketConnectionClosedException.class,
                  () -> WebSocket.connect(server.uri("/"), options().build()));
          assertEquals(CloseStatus.ABNORMAL_CLOSED, e.status());
          assertTrue(
              e.getMessage()
                  .startsWith("Connection closed by the server during the opening handshake"),
              e::toString);
        });
  }

  @Test
  void aFrameTrickledOneBytePerSecondArrivesWholeAndATimedOutRecvLeavesTheConnectionUsable() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          server = TestWebSocketServer.builder().echo(false).start();
          ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
          try (WebSocket ws = WebSocket.connect(server.uri("/"), options().build())) {
            ServerConnection connection = server.awaitUpgradedConnection(WAIT);
            byte[] frame = Hex.decode("81 03 61 62 63  // FIN TEXT len=3 \"abc\"");
            for (int i = 0; i < frame.length; i++) {
              byte[] one = {frame[i]};
              trickle.schedule(() -> connection.sendRaw(one), i, TimeUnit.SECONDS);
            }
            ws.setTimeout(Duration.ofMillis(300));
            WebSocketTimeoutException timedOut =
                assertThrows(WebSocketTimeoutException.class, ws::recv);
            assertEquals("Receive timed out after 300 ms", timedOut.getMessage());
            assertTrue(ws.isConnected());
            ws.setTimeout(WAIT);
            Message m = ws.recv();
            assertEquals("abc", m.text());
            ws.send("still here");
            RecordedFrame echo = server.awaitFrames(1, WAIT).get(0);
            assertEquals("still here", echo.text());
          } finally {
            trickle.shutdownNow();
          }
        });
  }

  @Test
  void aFrameAnnouncingTwoToThe62BytesIsRefusedWith1009BeforeAnythingIsAllocated() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          long huge = 1L << 62;
          server =
              TestWebSocketServer.builder()
                  .echo(false)
                  .afterHandshake(
                      ServerAction.sendRaw(RawFrames.header(true, 0, RawFrames.BINARY, huge)))
                  .start();
          long heapBefore = usedHeap();
          try (WebSocket ws = WebSocket.connect(server.uri("/"), options().build())) {
            WebSocketPayloadException e = assertThrows(WebSocketPayloadException.class, ws::recv);
            assertEquals(CloseStatus.MESSAGE_TOO_BIG, e.closeStatus());
            assertEquals(
                "Frame of " + huge + " bytes exceeds the limit of 67108864", e.getMessage());
            List<RecordedFrame> frames = server.awaitFrames(1, WAIT);
            assertEquals(RawFrames.CLOSE, frames.get(0).opcode(), frames::toString);
            assertEquals(CloseStatus.MESSAGE_TOO_BIG, frames.get(0).closeCode());
          }
          // judged from the header alone: the heap did not grow by anything near even the 64 MiB
          // limit
          assertTrue(
              usedHeap() - heapBefore < 32L * 1024 * 1024,
              "heap grew by " + (usedHeap() - heapBefore));
        });
  }

  @Test
  void closeReturnsPromptlyWhenTheServerAnswersTheCloseButNeverClosesTcp() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          server =
              TestWebSocketServer.builder().onClientClose(ClientCloseReply.ECHO_KEEP_OPEN).start();
          Duration closeTimeout = Duration.ofSeconds(2);
          WebSocket ws =
              WebSocket.connect(server.uri("/"), options().closeTimeout(closeTimeout).build());
          ServerConnection connection = server.awaitUpgradedConnection(WAIT);
          long start = System.nanoTime();
          ws.close();
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          // the client closes TCP as soon as the server's close frame arrives (RFC 6455 section
          // 7.1.1
          // lets it once both close frames are exchanged), without waiting for the server
          assertTrue(took.compareTo(closeTimeout) < 0, "close() took " + took);
          connection.awaitClosed(WAIT);
          assertEquals(CloseStatus.NORMAL, server.awaitFrames(1, WAIT).get(0).closeCode());
        });
  }

  @Test
  void aServerThatClosesButNeverClosesTcpIsDisconnectedAfterTheCloseTimeout() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          server =
              TestWebSocketServer.builder()
                  .echo(false)
                  .afterHandshake(
                      ServerAction.sendCloseFrameKeepTcpOpen(CloseStatus.GOING_AWAY, "bye"))
                  .start();
          Duration closeTimeout = Duration.ofMillis(700);
          WebSocket ws =
              WebSocket.connect(server.uri("/"), options().closeTimeout(closeTimeout).build());
          ServerConnection connection = server.awaitUpgradedConnection(WAIT);
          WebSocketConnectionClosedException e =
              assertThrows(WebSocketConnectionClosedException.class, ws::recv);
          assertEquals(CloseStatus.GOING_AWAY, e.status());
          assertEquals("bye", e.reason());
          long start = System.nanoTime();
          ws.close();
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          assertTrue(took.compareTo(closeTimeout.plusMillis(500)) < 0, "close() took " + took);
          connection.awaitClosed(WAIT);
          // the client answered the close once, with the server's code
          assertEquals(CloseStatus.GOING_AWAY, server.awaitFrames(1, WAIT).get(0).closeCode());
        });
  }

  @Test
  void aProxyThatDiesInTheMiddleOfTheTunnelEndsRecvWithConnectionClosed() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          server = TestWebSocketServer.echo();
          HttpConnectProxyServer proxy = HttpConnectProxyServer.start();
          try (WebSocket ws =
              WebSocket.connect(server.uri("/"), options().proxy(proxy.proxy()).build())) {
            ws.send(new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, ws.recv().bytes());
            assertEquals(1, proxy.requests().size());
            proxy.close();
            WebSocketConnectionClosedException e =
                assertThrows(WebSocketConnectionClosedException.class, ws::recv);
            assertEquals(CloseStatus.ABNORMAL_CLOSED, e.status(), e::toString);
          } finally {
            proxy.close();
          }
        });
  }

  @Test
  void aViolationInTheSameReadAsAMessageBeingEchoedClosesWithItsCodeNotTheApplications() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          server = TestWebSocketServer.builder().echo(false).start();
          byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
          try (WebSocket ws = WebSocket.connect(server.uri("/"), options().build())) {
            ServerConnection connection = server.awaitUpgradedConnection(WAIT);
            // a text message, a frame with RSV2 set, a ping: one TCP write
            connection
                .sendRaw(Hex.decode("81 05 68 65 6c 6c 6f  a1 05 68 65 6c 6c 6f  89 00"))
                .join();
            ws.send(ws.recv().text());
            WebSocketProtocolException e = assertThrows(WebSocketProtocolException.class, ws::recv);
            assertEquals(CloseStatus.PROTOCOL_ERROR, e.closeStatus(), e::toString);
          }
          ServerConnection connection = server.connections().get(0);
          connection.awaitClosed(WAIT);
          List<RecordedFrame> frames = connection.frames();
          assertEquals(2, frames.size(), frames::toString);
          assertArrayEquals(hello, frames.get(0).payload());
          assertEquals(
              CloseStatus.PROTOCOL_ERROR,
              frames.get(1).closeCode(),
              "the violation's code, after the echo");
        });
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    System.gc();
    return r.totalMemory() - r.freeMemory();
  }
}
