package dev.websocket.client.conformance;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client against the server side of the Autobahn|Testsuite client cases (categories 1-7, 9, 10,
 * 12, 13), written as tests: the fixture server sends each case's frames, the client echoes every
 * message like Autobahn's testee client, and the frames the client sent back are checked exactly
 * (see {@link ConformanceHarness}). Each test is named by its case number; cases that are not in
 * Autobahn's list say so. One list of cases, run over each {@link Transport} by a subclass; the
 * table of categories per transport is written to {@code target/conformance.md} at the end.
 */
@ExtendWith(ConformanceReport.class)
abstract class ConformanceSuite {

  /** What carries the WebSocket in this run. */
  abstract Transport transport();

  @AfterAll
  static void writeReport() {
    ConformanceReport.write();
  }

  private void run(ConformanceCase c) {
    Transport transport = transport();
    assertTimeoutPreemptively(
        c.limit(), () -> ConformanceHarness.run(c, transport), () -> "case " + c);
  }

  static Stream<ConformanceCase> framing() {
    return FramingCases.cases();
  }

  static Stream<ConformanceCase> pings() {
    return PingCases.cases();
  }

  static Stream<ConformanceCase> reservedBits() {
    return ReservedBitsCases.cases();
  }

  static Stream<ConformanceCase> opcodes() {
    return OpcodeCases.cases();
  }

  static Stream<ConformanceCase> fragmentation() {
    return FragmentationCases.cases();
  }

  static Stream<ConformanceCase> utf8() {
    return Utf8Cases.cases();
  }

  static Stream<ConformanceCase> closing() {
    return CloseCases.cases();
  }

  static Stream<ConformanceCase> limits() {
    return LimitsCases.cases();
  }

  static Stream<ConformanceCase> autoFragmentation() {
    return AutoFragmentationCases.cases();
  }

  static Stream<ConformanceCase> compressionEcho() {
    return CompressionCases.echoCases();
  }

  static Stream<ConformanceCase> compressionParameters() {
    return CompressionCases.parameterCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("framing")
  void framing(ConformanceCase c) {
    run(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pings")
  void pingsAndPongs(ConformanceCase c) {
    run(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reservedBits")
  void reservedBits(ConformanceCase c) {
    run(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("opcodes")
  void reservedOpcodes(ConformanceCase c) {
    run(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fragmentation")
  void fragmentation(ConformanceCase c) {
    run(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("utf8")
  void utf8(ConformanceCase c) {
    run(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("closing")
  void closeHandling(ConformanceCase c) {
    run(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limits")
  void limitsAndLargeMessages(ConformanceCase c) {
    run(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("autoFragmentation")
  void autoFragmentation(ConformanceCase c) {
    run(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compressionEcho")
  void compression(ConformanceCase c) {
    run(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compressionParameters")
  void compressionParameters(ConformanceCase c) {
    run(c);
  }
}
