package dev.websocket.client.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.websocket.client.WebSocketException;
import dev.websocket.client.WebSocketProtocolException;
import dev.websocket.client.internal.HandshakeHandler;
import dev.websocket.client.internal.HandshakeRequest;
import dev.websocket.client.internal.HandshakeResponse;
import dev.websocket.client.internal.HandshakeValidator;
import dev.websocket.client.internal.PipelineNames;
import dev.websocket.client.internal.Tracer;
import dev.websocket.client.internal.WebSocketUrl;
import dev.websocket.codec.FrameDecoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the client's reading of the server's answer to the opening handshake.
 *
 * <ul>
 *   <li>{@link HandshakeValidator#validate}: any headers (names from the ones it reads, or any
 *       string; values from the right ones, near misses or any string). The only failure is a
 *       {@link WebSocketProtocolException}; a response it accepts has the right accept key, {@code
 *       Upgrade: websocket}, and only an offered subprotocol.
 *   <li>{@link HandshakeHandler} in an {@link EmbeddedChannel} behind Netty's HTTP client codec,
 *       fed any response bytes in two reads, then the connection closes. The handshake always ends,
 *       and either succeeds (a validated 101, or a redirect with a Location) or fails with a {@link
 *       WebSocketException}; nothing is leaked.
 * </ul>
 */
class HandshakeResponseFuzzTest {

  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
  private static final HandshakeRequest REQUEST =
      HandshakeRequest.builder(WebSocketUrl.parse("ws://example.com/chat"))
          .key(KEY)
          .protocols(List.of("chat", "superchat"))
          .extensions("permessage-deflate; client_max_window_bits")
          .build();
  private static final String[] NAMES = {
    "upgrade",
    "connection",
    "sec-websocket-accept",
    "sec-websocket-protocol",
    "sec-websocket-extensions",
    "location",
    "content-length"
  };
  private static final String[] VALUES = {
    "websocket",
    "Upgrade",
    "keep-alive, Upgrade",
    ACCEPT,
    " " + ACCEPT + " ",
    "chat",
    "superchat",
    "chat, superchat",
    "permessage-deflate",
    "x-webkit-deflate-frame",
    "",
    ",",
    ";"
  };

  @FuzzTest(maxDuration = "10m")
  void validatorAcceptsOnlyACorrectResponse(FuzzedDataProvider data) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    int count = data.consumeInt(0, 12);
    for (int i = 0; i < count; i++) {
      String name = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(20);
      String value = data.consumeBoolean() ? data.pickValue(VALUES) : data.consumeString(80);
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    List<String> accepted = data.consumeBoolean() ? List.of("permessage-deflate") : List.of();
    HandshakeResponse response;
    try {
      response =
          HandshakeValidator.validate(REQUEST, 101, "Switching Protocols", headers, accepted);
    } catch (WebSocketProtocolException e) {
      assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
      return;
    }
    assertEquals(ACCEPT, response.header("sec-websocket-accept").trim());
    assertTrue(response.header("upgrade").trim().equalsIgnoreCase("websocket"));
    assertTrue(
        response.subprotocol() == null
            || REQUEST.offeredProtocols().contains(response.subprotocol()));
  }

  @FuzzTest(maxDuration = "10m")
  void handshakeHandlerEndsEveryResponseWithASuccessOrAWebSocketException(byte[] input) {
    if (input.length < 1) {
      return;
    }
    byte[] response = Arrays.copyOfRange(input, 1, input.length);
    int cut = (input[0] & 0xff) % (response.length + 1);
    EmbeddedChannel channel = new EmbeddedChannel();
    Promise<HandshakeResponse> promise = channel.eventLoop().newPromise();
    HandshakeHandler.Upgrade upgrade =
        (pipeline, validated) ->
            pipeline.addAfter(
                PipelineNames.HTTP_CODEC, PipelineNames.DECODER, FrameDecoder.forClient());
    HandshakeHandler.install(
        channel.pipeline(),
        new HandshakeHandler(REQUEST, promise, List.of("permessage-deflate"), upgrade, Tracer.OFF));
    try {
      feed(channel, promise, response, cut);
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static void feed(
      EmbeddedChannel channel, Promise<HandshakeResponse> promise, byte[] response, int cut) {
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(response, 0, cut));
      if (channel.isOpen()) { // the handler closes the connection once it has judged a response
        channel.writeInbound(Unpooled.wrappedBuffer(response, cut, response.length - cut));
      }
      channel.runPendingTasks();
    } catch (RuntimeException e) {
      // An error after the handshake settled reaches the pipeline's end (the frame decoder's
      // violations are for the protocol handler, absent here); it must not be an unexpected kind.
      assertTrue(promise.isDone(), () -> "exception before the handshake ended: " + e);
    }
    channel.close();
    channel.runPendingTasks();
    assertTrue(promise.isDone(), "the handshake did not end when the connection closed");
    if (!promise.isSuccess()) {
      assertInstanceOf(WebSocketException.class, promise.cause(), "how the handshake failed");
    } else {
      int status = promise.getNow().status();
      assertTrue(
          status == 101
              || (status >= 300 && status < 400 && promise.getNow().header("location") != null),
          "succeeded with status " + status);
    }
  }
}
