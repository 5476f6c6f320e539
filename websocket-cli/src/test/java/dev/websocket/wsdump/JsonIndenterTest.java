package dev.websocket.wsdump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Layouts as Python's {@code json.dumps(json.loads(text), indent=2)} prints them. */
class JsonIndenterTest {

  @Test
  void object() {
    assertEquals(
        "{\n  \"a\": 1,\n  \"b\": \"two\"\n}", JsonIndenter.indent("{\"a\":1,\"b\":\"two\"}"));
  }

  @Test
  void nested() {
    assertEquals(
        "[\n  1,\n  [\n    true,\n    false\n  ],\n  {\n    \"x\": null\n  }\n]",
        JsonIndenter.indent(" [1, [true,false], {\"x\" : null}] "));
  }

  @Test
  void emptyContainersStayOnOneLine() {
    assertEquals("{\n  \"a\": [],\n  \"b\": {}\n}", JsonIndenter.indent("{\"a\":[ ],\"b\":{}}"));
  }

  @Test
  void stringsAndNumbersAreCopiedAsWritten() {
    assertEquals(
        "[\n  \"a\\\"b\\u00e9,:{}\",\n  -1.5e+10,\n  0\n]",
        JsonIndenter.indent("[\"a\\\"b\\u00e9,:{}\",-1.5e+10,0]"));
  }

  @Test
  void scalarsAreLeftAlone() {
    assertNull(JsonIndenter.indent("\"just a string\""));
    assertNull(JsonIndenter.indent("42"));
  }

  @Test
  void invalidJsonIsRefused() {
    assertNull(JsonIndenter.indent("{a:1}"));
    assertNull(JsonIndenter.indent("{\"a\":1,}"));
    assertNull(JsonIndenter.indent("[1 2]"));
    assertNull(JsonIndenter.indent("[01]"));
    assertNull(JsonIndenter.indent("{\"a\":1} trailing"));
    assertNull(JsonIndenter.indent("[\"unterminated]"));
    assertNull(JsonIndenter.indent("{"));
    assertNull(JsonIndenter.indent("[\"tab\tinside\"]"));
  }

  @Test
  void deepNestingIsRefusedNotOverflowed() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertNull(JsonIndenter.indent(deep));
  }
}
