package dev.websocket.client.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.websocket.codec.ClosePayload;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The connection core on an {@link EmbeddedChannel}: a {@link ProtocolHandler} and its {@link
 * Connection}, with no codec, so what the core writes is read back as {@link Frame}s and what the
 * server sends is written in as {@code Frame}s. Time is frozen; tests move it.
 */
final class CoreHarness {

  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

  final EmbeddedChannel channel = new EmbeddedChannel();
  final ProtocolHandler protocol = new ProtocolHandler(CLOSE_TIMEOUT);
  final Connection connection;

  CoreHarness(long sendBufferBytes) {
    channel.freezeTime();
    channel.pipeline().addLast(PipelineNames.PROTOCOL, protocol);
    HandshakeResponse handshake =
        new HandshakeResponse(101, "Switching Protocols", Map.of(), null, null);
    connection = new Connection(channel, handshake, CLOSE_TIMEOUT, sendBufferBytes, protocol, null);
  }

  CoreHarness() {
    this(1 << 20);
  }

  /** Binds the listener the front door would. */
  CoreHarness listen(ConnectionListener listener) {
    protocol.bind(connection, listener);
    return this;
  }

  /** Runs the tasks the core posted to its event loop (the send queue's drain among them). */
  void runTasks() {
    channel.runPendingTasks();
  }

  /** Moves the frozen clock past the close timeout and runs the timers due. */
  void passCloseTimeout() {
    channel.advanceTimeBy(CLOSE_TIMEOUT.toMillis() + 1, java.util.concurrent.TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    channel.runPendingTasks();
  }

  /** The server sends a frame. */
  void serverSends(Frame frame) {
    channel.writeInbound(frame);
  }

  /**
   * Every frame the core wrote so far, described and released: {@code TEXT "hi"}, {@code CLOSE 1002
   * "why"}.
   */
  List<String> written() {
    runTasks();
    List<String> out = new ArrayList<>();
    for (Object o; (o = channel.readOutbound()) != null; ) {
      assertNotNull(o);
      Frame f = (Frame) o;
      try {
        out.add(describe(f));
      } finally {
        f.release();
      }
    }
    return out;
  }

  static String describe(Frame f) {
    if (f.opcode() == Opcode.CLOSE) {
      ClosePayload close = f.closePayload();
      return "CLOSE "
          + close.status()
          + (close.reason().isEmpty() ? "" : " \"" + close.reason() + '"');
    }
    String payload =
        f.opcode() == Opcode.BINARY
            ? ByteBufUtil.hexDump(f.payload())
            : f.payload().toString(StandardCharsets.UTF_8);
    return f.opcode() + (payload.isEmpty() ? "" : " \"" + payload + '"');
  }

  /** A listener that records what it hears, releasing frames. */
  static final class Recorder implements ConnectionListener {
    final List<String> events = new ArrayList<>();
    CloseOutcome closed;

    @Override
    public void onFrame(Frame frame) {
      try {
        events.add(describe(frame));
      } finally {
        frame.release();
      }
    }

    @Override
    public void onViolation(dev.websocket.codec.ProtocolViolationException violation) {
      events.add("violation " + violation.closeStatus());
    }

    @Override
    public void onError(Throwable cause) {
      events.add("error " + cause.getMessage());
    }

    @Override
    public void onClosed(CloseOutcome outcome) {
      events.add("closed");
      closed = outcome;
    }
  }
}
