package dev.websocket.client.conformance;

import dev.websocket.client.testing.RawFrames;
import java.util.ArrayList;
import java.util.List;

/**
 * One thing the fuzzing server does in a case: write bytes (whole or chopped), send through Netty's
 * own encoder (so permessage-deflate applies), start the closing handshake, or wait for the client.
 * Steps run in order on the test thread, each finishing (its writes flushed) before the next.
 */
@FunctionalInterface
interface Step {

  void run(CaseRun run) throws Exception;

  /** Writes these bytes in one write. */
  static Step send(byte[] bytes) {
    return run -> run.sendChopped(bytes, 0);
  }

  /** Writes these bytes in chops of {@code chop} bytes, each its own write and flush. */
  static Step sendChopped(byte[] bytes, int chop) {
    return run -> run.sendChopped(bytes, chop);
  }

  /** Writes each frame in its own write ("frame-wise chops"). */
  static Step sendFramewise(byte[]... frames) {
    List<Step> steps = new ArrayList<>();
    for (byte[] frame : frames) {
      steps.add(send(frame));
    }
    return run -> {
      for (Step s : steps) {
        s.run(run);
      }
    };
  }

  /** An unmasked frame as raw bytes; see {@link RawFrames#frame}. */
  static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
    return RawFrames.frame(fin, rsv, opcode, payload);
  }

  /** Sends a whole text message through Netty's encoder (compressed when deflate is on). */
  static Step sendText(byte[] utf8) {
    return run -> run.await(run.connection().sendFrame(true, 0, RawFrames.TEXT, utf8));
  }

  /** Sends a whole binary message through Netty's encoder (compressed when deflate is on). */
  static Step sendBinary(byte[] payload) {
    return run -> run.await(run.connection().sendFrame(true, 0, RawFrames.BINARY, payload));
  }

  /**
   * Starts the closing handshake through the fixture (which then closes TCP once the client
   * answers): a close frame with this code and reason.
   */
  static Step close(int code, String reason) {
    return run -> {
      run.serverClosed();
      run.await(run.connection().close(code, reason));
    };
  }

  /** Waits until the client has sent {@code count} frames other than close (echoes, pongs). */
  static Step awaitClientFrames(int count) {
    return run -> run.awaitClientFrames(count);
  }

  /**
   * The fail-fast check (Autobahn 6.4.x): waits until the client has sent its close frame, and
   * fails the case if it has not within the deadline. Only then does the script go on to send the
   * rest of the message.
   */
  static Step expectClientFailsBeforeTheRest() {
    return CaseRun::awaitClientCloseForFailFast;
  }
}
