package dev.websocket.client.conformance;

import dev.websocket.client.ConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One case in the style of an Autobahn|Testsuite client case: what the server sends (the script),
 * and what the client must do about it.
 *
 * @param id the case number, e.g. {@code 6.4.1}; cases not in Autobahn's list say so in the
 *     description
 * @param description what the server does, in a few words
 * @param script the server's steps, in order
 * @param expectation what the client must send and how its receive loop ends
 * @param options client options beyond the defaults (limits, compression offer)
 * @param deflate the server's permessage-deflate settings, or null for none
 * @param limit the case's time limit, enforced preemptively
 */
record ConformanceCase(
    String id,
    String description,
    List<Step> script,
    Expectation expectation,
    UnaryOperator<ConnectOptions.Builder> options,
    DeflateSetup deflate,
    Duration limit) {

  static final Duration DEFAULT_LIMIT = Duration.ofSeconds(30);

  static ConformanceCase of(
      String id, String description, Expectation expectation, Step... script) {
    return new ConformanceCase(
        id, description, List.of(script), expectation, b -> b, null, DEFAULT_LIMIT);
  }

  ConformanceCase withOptions(UnaryOperator<ConnectOptions.Builder> more) {
    return new ConformanceCase(id, description, script, expectation, more, deflate, limit);
  }

  ConformanceCase withDeflate(DeflateSetup setup) {
    return new ConformanceCase(id, description, script, expectation, options, setup, limit);
  }

  ConformanceCase withLimit(Duration newLimit) {
    return new ConformanceCase(id, description, script, expectation, options, deflate, newLimit);
  }

  /** The category: the number before the first dot. */
  String category() {
    return id.substring(0, id.indexOf('.'));
  }

  /** Shown as the parameterized test's name, and read back by {@link ConformanceReport}. */
  @Override
  public String toString() {
    return id + " " + description;
  }
}
