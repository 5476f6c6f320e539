package dev.websocket.wsdump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Http2Mode;
import dev.websocket.proxy.ProxyConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The command line, parsed as Python's argparse parses wsdump's. */
class WsDumpOptionsTest {

  @Test
  void defaults() {
    WsDumpOptions options = parse("ws://host/");
    assertEquals("ws://host/", options.url());
    assertEquals(0, options.verbosity());
    assertEquals(0.0, options.eofWaitSeconds());
    assertEquals(List.of(), options.subprotocols());
    assertNull(options.text());
  }

  @Test
  void verbosityLevels() {
    assertEquals(1, parse("-v", "ws://host/").verbosity());
    assertEquals(1, parse("ws://host/", "-v").verbosity());
    assertEquals(2, parse("-v", "2", "ws://host/").verbosity());
    assertEquals(2, parse("-v2", "ws://host/").verbosity());
    assertEquals(2, parse("-vv", "ws://host/").verbosity());
    assertEquals(2, parse("--verbose=2", "ws://host/").verbosity());
    assertEquals(1, parse("--verbose", "ws://host/").verbosity());
  }

  @Test
  void http2AloneMeansPreferAndKeepsTheUrl() {
    WsDumpOptions options = parse("--http2", "wss://host/");
    assertEquals(Http2Mode.PREFER, options.connectOptions().http2());
    assertEquals("wss://host/", options.url());
  }

  @Test
  void http2TakesRequireOrOff() {
    assertEquals(
        Http2Mode.REQUIRE, parse("--http2=require", "ws://host/").connectOptions().http2());
    assertEquals(
        Http2Mode.REQUIRE, parse("--http2", "require", "ws://host/").connectOptions().http2());
    assertEquals(Http2Mode.OFF, parse("--http2=off", "ws://host/").connectOptions().http2());
    assertEquals(Http2Mode.OFF, parse("ws://host/").connectOptions().http2());
  }

  @Test
  void http2RefusesAnUnknownMode() {
    ParameterException e =
        assertThrows(ParameterException.class, () -> parse("--http2=sometimes", "ws://host/"));
    assertEquals("--http2 takes prefer, require or off, not 'sometimes'", e.getMessage());
  }

  @Test
  void verboseDoesNotSwallowTheUrl() {
    WsDumpOptions options = parse("-v", "ws://host/");
    assertEquals("ws://host/", options.url());
  }

  @Test
  void subprotocolsTakeTheFollowingWordsButNotTheUrl() {
    WsDumpOptions options = parse("-s", "chat", "superchat", "ws://host/", "-r");
    assertEquals(List.of("chat", "superchat"), options.subprotocols());
    assertEquals("ws://host/", options.url());
    assertTrue(options.raw());
  }

  @Test
  void eofWaitAcceptsFractions() {
    assertEquals(0.5, parse("--eof-wait", "0.5", "ws://host/").eofWaitSeconds());
  }

  @Test
  void headersSplitAtCommasAndFirstColons() {
    WsDumpOptions options = parse("ws://host/");
    assertEquals(
        List.of(Map.entry("A", "b"), Map.entry("Authorization", "Bearer x:y")),
        options.parseHeaders(" A: b ,Authorization: Bearer x:y,"));
  }

  @Test
  void connectOptionsCarryEveryClientSetting() {
    ConnectOptions options =
        parse(
                "ws://host/",
                "-n",
                "-o",
                "http://me",
                "-s",
                "a",
                "b",
                "-p",
                "socks5h://u:p@proxy:1081",
                "--headers",
                "X-A: 1")
            .connectOptions();
    assertEquals("http://me", options.origin());
    assertEquals(List.of("a", "b"), options.subprotocols());
    assertEquals(ProxyConfig.socks5h("proxy", 1081).withAuth("u", "p"), options.proxy());
    assertEquals(List.of(Map.entry("X-A", "1")), options.headers());
    assertTrue(!options.tls().verifyCertificates() && !options.tls().verifyHostname());
  }

  @Test
  void certificatesAreCheckedByDefault() {
    ConnectOptions options = parse("wss://host/").connectOptions();
    assertTrue(options.tls().verifyCertificates() && options.tls().verifyHostname());
  }

  @Test
  void localEchoNeedsNoUrl() {
    WsDumpOptions options = parse("--local-echo");
    assertTrue(options.localEcho());
    assertNull(options.url());
  }

  @Test
  void negativeEofWaitIsRefused() {
    assertThrows(ParameterException.class, () -> parse("--eof-wait", "-1", "ws://host/"));
  }

  private static WsDumpOptions parse(String... args) {
    WsDumpOptions options = new WsDumpOptions();
    new CommandLine(options).parseArgs(args);
    options.validate();
    return options;
  }
}
