package dev.websocket.wsdump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code wsdump --local-echo} driven in-process: lines in, echoes out, in each output mode. */
class LocalEchoTest {

  @Test
  void pipedLineIsEchoedAndTheToolExits() {
    Cli.Result result = Cli.run("hello\n", "--local-echo");

    assertEquals(0, result.status(), result::toString);
    assertEquals("< hello\n", result.out(), result::toString);
    assertTrue(
        result.err().matches("wsdump: started an echo server on ws://127\\.0\\.0\\.1:\\d+/\n"),
        result::toString);
  }

  @Test
  void http2PreferOnTheLocalWsEchoSaysItConnectedOverHttp11() {
    Cli.Result result = Cli.run("hello\n", "--local-echo", "--http2");

    assertEquals("< hello\n", result.out(), result::toString);
    assertTrue(result.err().endsWith("wsdump: connected over HTTP/1.1\n"), result::toString);
  }

  @Test
  void linesComeBackInOrder() {
    Cli.Result result = Cli.run("one\ntwo\n\nthree\n", "--local-echo");

    assertEquals("< one\n< two\n< \n< three\n", result.out(), result::toString);
  }

  @Test
  void unicodeSurvivesTheRoundTrip() {
    Cli.Result result = Cli.run("héllo wörld ✓\n", "--local-echo");

    assertEquals("< héllo wörld ✓\n", result.out(), result::toString);
  }

  @Test
  void rawPrintsTheMessageAlone() {
    Cli.Result result = Cli.run("hello\n", "--local-echo", "--raw");

    assertEquals("hello\n", result.out(), result::toString);
  }

  @Test
  void verboseOneNamesTheOpcode() {
    Cli.Result result = Cli.run("hello\n", "--local-echo", "-v", "1");

    assertEquals("< text: hello\n", result.out(), result::toString);
  }

  @Test
  void timingsPrecedeEachMessageWithSecondsSinceStart() {
    Cli.Result result = Cli.run("hello\n", "--local-echo", "--timings");

    assertTrue(result.out().matches("< \\d+\\.\\d+: hello\n"), result::toString);
    double seconds = Double.parseDouble(result.out().substring(2, result.out().indexOf(':')));
    assertTrue(seconds > 0 && seconds < Cli.LIMIT.getSeconds(), result::toString);
  }

  @Test
  void timingsVerboseAndRawCombineAsInPython() {
    Cli.Result result = Cli.run("hello\n", "--local-echo", "--timings", "-v", "-r");

    assertTrue(result.out().matches("\\d+\\.\\d+: text: hello\n"), result::toString);
  }

  @Test
  void initialTextIsSentBeforeInput() {
    Cli.Result result = Cli.run("second\n", "--local-echo", "-t", "first");

    assertEquals("< first\n< second\n", result.out(), result::toString);
  }

  @Test
  void jsonIsPrettyPrinted() {
    Cli.Result result =
        Cli.run("{\"a\":[1,{\"b\":null}],\"c\":\"d\"}\nnot json\n", "--local-echo", "--json");

    assertEquals(
        "< {\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": \"d\"\n}\n< not json\n",
        result.out(),
        result::toString);
  }

  @Test
  void verboseTwoTracesTheHandshakeAndFramesToStandardError() {
    Cli.Result result = Cli.run("hello\n", "--local-echo", "-v", "2");

    assertEquals("< text: hello\n", result.out(), result::toString);
    assertTrue(result.err().contains("--- request header ---"), result::toString);
    assertTrue(result.err().contains("HTTP/1.1 101 Switching Protocols"), result::toString);
  }

  @Test
  void emptyInputClosesCleanly() {
    Cli.Result result = Cli.run("", "--local-echo");

    assertEquals(0, result.status(), result::toString);
    assertEquals("", result.out(), result::toString);
  }
}
