package dev.websocket.client.testing;

import dev.websocket.testing.Hex;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One step the test server takes on a connection right after the 101 has been written. Steps run in
 * order, each after the previous one completed (a write finished, a fast send drained), via {@link
 * TestServerConfig.Builder#afterHandshake(ServerAction...)}. The same operations are available at
 * any time on a live {@link ServerConnection}.
 */
@FunctionalInterface
public interface ServerAction {

  /** Runs the step; the returned future completes when the next step may start. */
  CompletableFuture<?> run(ServerConnection connection);

  /** Writes these bytes exactly, with no framing. */
  static ServerAction sendRaw(byte[] bytes) {
    byte[] copy = bytes.clone();
    return c -> c.sendRaw(copy);
  }

  /** Writes the bytes of a hex string (see {@link Hex#decode}) exactly. */
  static ServerAction sendRaw(String hex) {
    return sendRaw(Hex.decode(hex));
  }

  /** Sends a final text frame through Netty's encoder. */
  static ServerAction sendText(String text) {
    return c -> c.sendText(text);
  }

  /** Sends a final binary frame through Netty's encoder. */
  static ServerAction sendBinary(byte[] payload) {
    byte[] copy = payload.clone();
    return c -> c.sendBinary(copy);
  }

  /**
   * Sends one frame through Netty's encoder: any FIN, RSV bits and standard opcode (see {@link
   * RawFrames}); fragmented messages are built from several of these.
   */
  static ServerAction sendFrame(boolean fin, int rsv, int opcode, byte[] payload) {
    byte[] copy = payload.clone();
    return c -> c.sendFrame(fin, rsv, opcode, copy);
  }

  /** Sends a ping with this payload. */
  static ServerAction sendPing(String payload) {
    return c -> c.sendPing(payload.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Starts the closing handshake: sends a close frame with this code (any value, even one invalid
   * on the wire) and reason, then closes TCP when the client answers.
   */
  static ServerAction close(int code, String reason) {
    return c -> c.close(code, reason);
  }

  /** Sends a close frame and never closes TCP, not even when the client answers. */
  static ServerAction sendCloseFrameKeepTcpOpen(int code, String reason) {
    return c -> c.sendCloseFrameKeepTcpOpen(code, reason);
  }

  /** Closes TCP with no close frame (an abnormal closure, 1006, for the client). */
  static ServerAction closeTcp() {
    return ServerConnection::closeTcp;
  }

  /** Resets the connection (SO_LINGER 0, so the client sees RST). */
  static ServerAction reset() {
    return ServerConnection::reset;
  }

  /**
   * Sends the header of a 1000-byte binary frame and its first 10 payload bytes, then resets the
   * connection: the client is in the middle of a frame when the connection dies.
   */
  static ServerAction resetMidFrame() {
    byte[] partial = new byte[4 + 10];
    System.arraycopy(RawFrames.header(true, 0, RawFrames.BINARY, 1000), 0, partial, 0, 4);
    return c -> c.sendRaw(partial).thenCompose(ignored -> c.reset());
  }

  /**
   * Stops reading from the client (autoRead off) until {@link ServerConnection#resumeReading()}.
   */
  static ServerAction pauseReading() {
    return ServerConnection::pauseReading;
  }

  /**
   * Sends {@code count} binary messages of {@code size} bytes as fast as the socket accepts them
   * (writing while the channel is writable, so the server's own memory stays bounded); payloads are
   * {@link FastSender#payload(int, int)}.
   */
  static ServerAction fastSend(int count, int size) {
    return c -> c.fastSend(count, size);
  }
}
