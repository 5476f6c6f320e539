package dev.websocket.client.conformance;

import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.client.WebSocketPayloadException;
import dev.websocket.client.WebSocketProtocolException;
import dev.websocket.codec.CloseStatus;
import java.util.List;

/**
 * What a case requires of the client: the frames it sends before its close frame (echoes and pongs,
 * in order), the code in its close frame, and how its {@code recv()} loop ends.
 *
 * @param frames the client's frames before its close frame, in order
 * @param closeCode the code of the client's close frame; {@link #EMPTY} for a close frame with no
 *     payload
 * @param ending how the echo loop must end
 * @param serverClosesAfterEchoes whether the harness starts the closing handshake (1000) once the
 *     frames have arrived (the clean end of a passing case)
 * @param anyDataBeforeClose data frames before the close frame are not judged (Autobahn rates the
 *     case informational: whether a message racing the close is echoed does not matter)
 */
record Expectation(
    List<Expected> frames,
    int closeCode,
    Ending ending,
    boolean serverClosesAfterEchoes,
    boolean anyDataBeforeClose) {

  /** A close frame without a payload; {@code recv()} then reports 1005. */
  static final int EMPTY = CloseStatus.STATUS_NOT_AVAILABLE;

  /** How the echo loop ends. */
  enum Ending {
    /** {@link WebSocketConnectionClosedException} with the server's close code. */
    CLOSED_BY_SERVER,
    /**
     * {@link WebSocketProtocolException} (a {@link WebSocketPayloadException} for 1007 and 1009).
     */
    FAILED
  }

  /** The client echoes exactly these frames; the harness then closes with 1000. */
  static Expectation echo(List<Expected> frames) {
    return new Expectation(
        List.copyOf(frames), CloseStatus.NORMAL, Ending.CLOSED_BY_SERVER, true, false);
  }

  static Expectation echo(Expected... frames) {
    return echo(List.of(frames));
  }

  /** The script closes; the client sends these frames first, then answers with {@code code}. */
  static Expectation closeReply(int code, Expected... before) {
    return new Expectation(List.of(before), code, Ending.CLOSED_BY_SERVER, false, false);
  }

  /** The client fails the connection with {@code code}, after sending these frames. */
  static Expectation fail(int code, Expected... before) {
    return new Expectation(List.of(before), code, Ending.FAILED, false, false);
  }

  /** As this, without judging the data frames before the close frame. */
  Expectation judgingControlFramesOnly() {
    return new Expectation(frames, closeCode, ending, serverClosesAfterEchoes, true);
  }

  @Override
  public String toString() {
    return switch (ending) {
      case CLOSED_BY_SERVER -> frames.size() + " frame(s), then close " + closeCode;
      case FAILED -> frames.size() + " frame(s), then fail with " + closeCode;
    };
  }
}
