package dev.websocket.client.conformance;

import static dev.websocket.client.conformance.ConformanceCase.of;
import static dev.websocket.client.conformance.Expectation.fail;

import java.util.List;

/**
 * Not in Autobahn: a valid text message, a violation and a ping arriving while the client is still
 * echoing the message (the Autobahn cases wait for the echo first). The close code must follow the
 * wire order however TCP cut the bytes: the echo, then the violation's code, and no pong.
 */
final class WireOrder {

  private WireOrder() {}

  /**
   * The three arrival shapes for one violation: in one write, one byte per write, one write per
   * frame.
   */
  static List<ConformanceCase> cases(String id, String violationName, byte[] violation, int code) {
    byte[] hello = W.utf8("Hello, world!");
    byte[] message = W.text(hello);
    byte[] ping = W.ping(hello);
    String what = "text message, " + violationName + " and a ping while the client echoes, ";
    return List.of(
        of(
            id + ".1",
            what + "in one write (not in Autobahn)",
            fail(code, Expected.text(hello)),
            Step.send(W.cat(message, violation, ping))),
        of(
            id + ".2",
            what + "one byte per write (not in Autobahn)",
            fail(code, Expected.text(hello)),
            Step.sendChopped(W.cat(message, violation, ping), 1)),
        of(
            id + ".3",
            what + "one write per frame (not in Autobahn)",
            fail(code, Expected.text(hello)),
            Step.sendFramewise(message, violation, ping)));
  }
}
