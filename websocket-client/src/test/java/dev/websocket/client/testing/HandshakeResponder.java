package dev.websocket.client.testing;

import dev.websocket.client.testing.RecordedRequest.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers the opening handshake as scripted. It records the request, asks the {@link
 * HandshakeScript} for an {@link UpgradeResponse}, writes it, and on a 101 hands the connection
 * over to the WebSocket handlers ({@link WebSocketPipeline}) before removing the HTTP ones.
 */
final class HandshakeResponder extends ChannelInboundHandlerAdapter {

  static final String NAME = "handshake";

  /** A handshake has no body; this only stops a hostile request from growing without end. */
  private static final int MAX_BODY = 1024 * 1024;

  private final ServerConnection connection;
  private final HandshakeScript script;
  private final TestServerConfig config;
  private HttpRequest head;
  private ByteArrayOutputStream body;

  HandshakeResponder(ServerConnection connection, HandshakeScript script, TestServerConfig config) {
    this.connection = connection;
    this.script = script;
    this.config = config;
  }

  // No HttpObjectAggregator: it would add a content-length header to the request, and the record
  // must hold exactly the header lines the client sent.
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest request) {
        if (request.decoderResult().isFailure()) {
          reject(
              ctx,
              400,
              "Bad Request",
              List.of(),
              "Malformed request: " + request.decoderResult().cause());
          return;
        }
        head = request;
        body = new ByteArrayOutputStream();
      }
      if (msg instanceof HttpContent content && head != null) {
        ByteBuf bytes = content.content();
        if (body.size() + bytes.readableBytes() > MAX_BODY) {
          head = null;
          reject(ctx, 413, "Payload Too Large", List.of(), "Request body over " + MAX_BODY);
          return;
        }
        bytes.getBytes(bytes.readerIndex(), body, bytes.readableBytes());
        if (msg instanceof LastHttpContent) {
          RecordedRequest recorded = record(head, body.toByteArray());
          head = null;
          body = null;
          respond(ctx, recorded);
        }
      }
    } catch (IOException e) {
      ctx.fireExceptionCaught(e);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void respond(ChannelHandlerContext ctx, RecordedRequest recorded) {
    connection.requestReceived(recorded);
    UpgradeResponse answer = script.answerFor(recorded);
    switch (answer.kind) {
      case SILENCE -> {}
      case RAW -> write(ctx, answer.body, answer.keepOpen);
      case HTTP ->
          write(
              ctx,
              ResponseBytes.encode(
                  answer.status,
                  answer.reason,
                  answer.headers,
                  answer.body,
                  answer.bytesInSameWrite),
              answer.keepOpen);
      case SWITCH -> switchProtocols(ctx, recorded, answer);
    }
  }

  private void switchProtocols(
      ChannelHandlerContext ctx, RecordedRequest request, UpgradeResponse answer) {
    String key = request.header("Sec-WebSocket-Key");
    boolean upgrade =
        request.headerTokens("Upgrade").stream().anyMatch(t -> t.equalsIgnoreCase("websocket"));
    if (key == null || !upgrade) {
      reject(ctx, 400, "Bad Request", List.of(), "Not a WebSocket upgrade request");
      return;
    }
    if (!"13".equals(request.header("Sec-WebSocket-Version"))) {
      reject(
          ctx,
          426,
          "Upgrade Required",
          List.of(new Header("Sec-WebSocket-Version", "13")),
          "Only WebSocket version 13 is supported");
      return;
    }
    WebSocketServerExtension deflate = negotiateDeflate(config, request);
    byte[] bytes =
        ResponseBytes.encode(
            answer.status,
            answer.reason,
            switchHeaders(request, answer, key, deflate),
            answer.body,
            answer.bytesInSameWrite);

    // The new handlers go in first and the 101 is written before the HTTP decoder is removed:
    // removing it forwards any bytes it still holds, and those must follow the 101 into the tap.
    WebSocketPipeline.install(
        ctx.pipeline(), ServerPipeline.HTTP_DECODER, connection, config, deflate);
    ctx.channel().writeAndFlush(Unpooled.wrappedBuffer(bytes));
    ctx.pipeline().remove(this);
    ctx.pipeline().remove(ServerPipeline.HTTP_DECODER);
    connection.upgradeDone();
  }

  private List<Header> switchHeaders(
      RecordedRequest request,
      UpgradeResponse answer,
      String key,
      WebSocketServerExtension deflate) {
    List<Header> headers = new ArrayList<>();
    headers.add(new Header("Upgrade", "websocket"));
    headers.add(new Header("Connection", "Upgrade"));
    headers.add(
        new Header(
            "Sec-WebSocket-Accept",
            answer.acceptOverride != null
                ? answer.acceptOverride
                : UpgradeResponse.acceptFor(key)));
    headers.addAll(negotiatedHeaders(request, answer, deflate));
    headers.removeIf(h -> answer.removedHeaders.contains(h.name().toLowerCase(Locale.ROOT)));
    return headers;
  }

  /**
   * The headers of an accepting answer that HTTP/1.1 and HTTP/2 share: subprotocol, extensions and
   * the answer's own headers.
   */
  static List<Header> negotiatedHeaders(
      RecordedRequest request, UpgradeResponse answer, WebSocketServerExtension deflate) {
    List<Header> headers = new ArrayList<>();
    String protocol =
        switch (answer.subprotocolChoice) {
          case NONE -> null;
          case GIVEN -> answer.subprotocol;
          case FIRST_OFFERED ->
              request.headerTokens("Sec-WebSocket-Protocol").stream().findFirst().orElse(null);
        };
    if (protocol != null) {
      headers.add(new Header("Sec-WebSocket-Protocol", protocol));
    }
    if (answer.extensions != null) {
      headers.add(new Header("Sec-WebSocket-Extensions", answer.extensions));
    } else if (deflate != null) {
      headers.add(new Header("Sec-WebSocket-Extensions", format(deflate.newReponseData())));
    }
    headers.addAll(answer.headers);
    return headers;
  }

  /** The first permessage-deflate offer Netty's handshaker accepts, or null. */
  static WebSocketServerExtension negotiateDeflate(
      TestServerConfig config, RecordedRequest request) {
    if (config.deflate == null) {
      return null;
    }
    for (String value : request.headerValues("Sec-WebSocket-Extensions")) {
      for (WebSocketExtensionData offer : WebSocketExtensionUtil.extractExtensions(value)) {
        WebSocketServerExtension accepted = config.deflate.handshakeExtension(offer);
        if (accepted != null) {
          return accepted;
        }
      }
    }
    return null;
  }

  private static String format(WebSocketExtensionData data) {
    StringBuilder sb = new StringBuilder(data.name());
    for (Map.Entry<String, String> p : data.parameters().entrySet()) {
      sb.append("; ").append(p.getKey());
      if (p.getValue() != null) {
        sb.append('=').append(p.getValue());
      }
    }
    return sb.toString();
  }

  private void reject(
      ChannelHandlerContext ctx, int status, String reason, List<Header> headers, String body) {
    connection.serverError(
        new IllegalStateException(
            "Test server rejected the handshake with " + status + ": " + body));
    write(
        ctx,
        ResponseBytes.encode(
            status, reason, headers, body.getBytes(StandardCharsets.UTF_8), new byte[0]),
        false);
  }

  private void write(ChannelHandlerContext ctx, byte[] bytes, boolean keepOpen) {
    ChannelFuture future = ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    if (!keepOpen) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private RecordedRequest record(HttpRequest request, byte[] content) {
    List<Header> headers = new ArrayList<>();
    // DefaultHttpHeaders iterates in arrival order and keeps each name as the decoder read it
    request
        .headers()
        .iteratorAsString()
        .forEachRemaining(e -> headers.add(new Header(e.getKey(), e.getValue())));
    return new RecordedRequest(
        connection.id(),
        request.method().name(),
        request.uri(),
        request.protocolVersion().text(),
        headers,
        content);
  }
}
