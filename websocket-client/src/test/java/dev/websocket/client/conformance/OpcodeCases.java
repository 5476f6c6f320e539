package dev.websocket.client.conformance;

import static dev.websocket.client.conformance.ConformanceCase.of;
import static dev.websocket.client.conformance.Expectation.fail;

import dev.websocket.codec.CloseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Autobahn 4.*: reserved opcodes (3-7 data, 11-15 control) fail the connection with 1002. */
final class OpcodeCases {

  private OpcodeCases() {}

  static Stream<ConformanceCase> cases() {
    List<ConformanceCase> cases = new ArrayList<>();
    byte[] hello = W.utf8("Hello, world!");
    byte[] ping = W.ping(hello);
    int[][] groups = {{3, 4, 5, 6, 7}, {11, 12, 13, 14, 15}};
    for (int g = 0; g < 2; g++) {
      for (int i = 0; i < 5; i++) {
        int opcode = groups[g][i];
        String id = "4." + (g + 1) + "." + (i + 1);
        byte[] reserved = W.frame(true, opcode, i == 0 ? new byte[0] : W.filled(i, 'x'));
        if (i < 2) {
          cases.add(
              of(
                  id,
                  "frame with reserved opcode " + opcode + (i == 0 ? "" : " and a payload"),
                  fail(CloseStatus.PROTOCOL_ERROR),
                  Step.send(reserved)));
        } else {
          cases.add(
              of(
                  id,
                  "text message, then reserved opcode " + opcode + ", then ping",
                  fail(CloseStatus.PROTOCOL_ERROR, Expected.text(hello)),
                  Step.send(W.text(hello)),
                  Step.awaitClientFrames(1),
                  Step.send(W.cat(reserved, ping))));
        }
      }
    }
    cases.addAll(
        WireOrder.cases(
            "4.3", "reserved opcode 11", W.frame(true, 11, hello), CloseStatus.PROTOCOL_ERROR));
    return cases.stream();
  }
}
