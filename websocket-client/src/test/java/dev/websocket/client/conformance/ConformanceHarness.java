package dev.websocket.client.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.client.WebSocketPayloadException;
import dev.websocket.client.WebSocketProtocolException;
import dev.websocket.client.testing.RawFrames;
import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestServerConfig;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.codec.CloseStatus;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Runs a {@link ConformanceCase} over a {@link Transport}: a fixture server (Netty's codec, echo
 * off) plays the server side, the client runs as the {@link EchoClient}, and the case's expectation
 * is checked against the frames the server recorded exactly as the client sent them.
 */
final class ConformanceHarness {

  private static final Duration CONNECT = Duration.ofSeconds(10);

  private ConformanceHarness() {}

  static void run(ConformanceCase c, Transport transport) throws Exception {
    TestServerConfig.Builder builder = transport.server(TestWebSocketServer.builder().echo(false));
    if (c.deflate() != null) {
      builder.permessageDeflate(c.deflate().handshaker());
    }
    try (TestWebSocketServer server = builder.start()) {
      ConnectOptions.Builder options =
          transport.client(
              ConnectOptions.builder().timeout(CaseRun.ANSWER).proxyFromEnvironment(false));
      if (c.deflate() != null) {
        options = c.deflate().apply(options);
      }
      options = c.options().apply(options);
      WebSocket ws = WebSocket.connect(server.uri("/case/" + c.id()), options.build());
      EchoClient echo = EchoClient.start(ws, c.id());
      try {
        assertEquals(transport.httpVersion(), ws.httpVersion(), "What carries the WebSocket");
        ServerConnection connection = server.awaitUpgradedConnection(CONNECT);
        CaseRun run = new CaseRun(connection);
        for (Step step : c.script()) {
          step.run(run);
        }
        check(c, run, echo);
        connection.awaitClosed(CaseRun.ANSWER);
      } finally {
        echo.abort();
      }
    }
  }

  private static void check(ConformanceCase c, CaseRun run, EchoClient echo) throws Exception {
    Expectation expect = c.expectation();
    if (expect.serverClosesAfterEchoes() && !run.serverClosedByScript()) {
      run.awaitClientFrames(expect.frames().size());
      if (run.clientFrames().stream().noneMatch(f -> f.opcode() == RawFrames.CLOSE)) {
        run.await(run.connection().close(CloseStatus.NORMAL, ""));
      }
    }
    List<RecordedFrame> frames = run.awaitClientClose(CaseRun.ANSWER);
    int closeAt = indexOfClose(frames);
    RecordedFrame close = frames.get(closeAt);

    for (RecordedFrame f : frames) {
      assertTrue(f.masked(), () -> "Every client frame must be masked: " + f);
    }
    assertEquals(
        List.of(),
        frames.subList(closeAt + 1, frames.size()),
        "The client sent frames after its close frame");
    List<RecordedFrame> before = frames.subList(0, closeAt);
    if (expect.anyDataBeforeClose()) {
      before = before.stream().filter(RecordedFrame::isControl).toList();
    }
    compare(c, expect.frames(), before);

    int code = close.payload().length == 0 ? Expectation.EMPTY : close.closeCode();
    assertEquals(
        expect.closeCode(), code, () -> "The client's close code (close frame " + close + ")");
    assertTrue(close.payload().length != 1, "A close payload is never one byte");

    Exception end = echo.awaitEnd(CaseRun.ANSWER);
    switch (expect.ending()) {
      case CLOSED_BY_SERVER -> {
        WebSocketConnectionClosedException closed =
            assertInstanceOf(WebSocketConnectionClosedException.class, end, "How recv() ended");
        int status = expect.closeCode();
        assertEquals(
            status, closed.status(), () -> "The status recv() reported: " + closed.getMessage());
      }
      case FAILED -> {
        WebSocketProtocolException failed =
            assertInstanceOf(WebSocketProtocolException.class, end, "How recv() ended");
        assertEquals(
            expect.closeCode(),
            failed.closeStatus(),
            () -> "The exception's close status: " + failed.getMessage());
        boolean payloadError =
            expect.closeCode() == CloseStatus.INVALID_PAYLOAD
                || expect.closeCode() == CloseStatus.MESSAGE_TOO_BIG;
        assertEquals(
            payloadError,
            failed instanceof WebSocketPayloadException,
            () -> "1007 and 1009 are payload errors, others protocol errors: " + failed);
      }
    }
  }

  private static int indexOfClose(List<RecordedFrame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).opcode() == RawFrames.CLOSE) {
        return i;
      }
    }
    throw new AssertionError("No close frame in " + frames);
  }

  /** Compares the client's frames with the expected ones, inflating compressed messages. */
  private static void compare(
      ConformanceCase c, List<Expected> expected, List<RecordedFrame> actual)
      throws DataFormatException {
    ServerInflater inflater = c.deflate() == null ? null : new ServerInflater(c.deflate());
    try {
      List<String> problems = new ArrayList<>();
      if (expected.size() != actual.size()) {
        problems.add("expected " + expected.size() + " frame(s), the client sent " + actual.size());
      }
      for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
        Expected e = expected.get(i);
        RecordedFrame a = actual.get(i);
        byte[] payload = a.payload();
        boolean rsv1 = (a.rsv() & 0b100) != 0;
        if (inflater != null && !a.isControl()) {
          payload = inflater.message(payload, rsv1);
        }
        if (!a.fin()
            || a.opcode() != e.opcode()
            || (a.rsv() & 0b011) != 0
            || (inflater == null && a.rsv() != 0)
            || (e.rsv1() != null && e.rsv1() != rsv1)
            || !java.util.Arrays.equals(payload, e.payload())) {
          problems.add("frame " + i + ": expected " + e + ", got " + a);
        }
      }
      if (!problems.isEmpty()) {
        fail(String.join("\n", problems));
      }
    } finally {
      if (inflater != null) {
        inflater.end();
      }
    }
  }

  /** The server's view of the client's compressed messages (RFC 7692 section 7.2.2). */
  private static final class ServerInflater {
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    private final Inflater inflater = new Inflater(true);
    private final boolean reset;

    ServerInflater(DeflateSetup setup) {
      this.reset = setup.clientNoContextTakeover();
    }

    byte[] message(byte[] payload, boolean compressed) throws DataFormatException {
      if (!compressed) {
        return payload;
      }
      byte[] input = new byte[payload.length + TAIL.length];
      System.arraycopy(payload, 0, input, 0, payload.length);
      System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
      inflater.setInput(input);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      while (true) {
        int n = inflater.inflate(buffer);
        out.write(buffer, 0, n);
        if (n == 0 && (inflater.needsInput() || inflater.finished())) {
          break;
        }
      }
      if (reset || inflater.finished()) {
        inflater.reset();
      }
      return out.toByteArray();
    }

    void end() {
      inflater.end();
    }
  }
}
