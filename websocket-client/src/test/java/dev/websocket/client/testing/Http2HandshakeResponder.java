package dev.websocket.client.testing;

import dev.websocket.client.testing.RecordedRequest.Header;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers the extended CONNECT of one stream (RFC 8441 section 4) as the {@link HandshakeScript}
 * says: an accepting answer (a 101 on HTTP/1.1) is a 200 with the negotiated subprotocol and
 * extensions, after which the stream carries the WebSocket ({@link WebSocketPipeline} after {@link
 * StreamBytes}); an HTTP answer is that status and body, ending the stream; silence is silence. Raw
 * bytes cannot be said on a stream and are refused with 500.
 *
 * <p>The request is recorded with method {@code CONNECT}, the {@code :path} as its target, version
 * {@code HTTP/2}, and every header (pseudo-headers first, as sent) in lower case.
 */
final class Http2HandshakeResponder extends ChannelInboundHandlerAdapter {

  private final ServerConnection connection;
  private final HandshakeScript script;
  private final TestServerConfig config;

  Http2HandshakeResponder(
      ServerConnection connection, HandshakeScript script, TestServerConfig config) {
    this.connection = connection;
    this.script = script;
    this.config = config;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Http2HeadersFrame frame)) {
      // a request body before any answer: not part of a WebSocket handshake
      ReferenceCountUtil.release(msg);
      return;
    }
    RecordedRequest request = record(frame.headers());
    connection.requestReceived(request);
    UpgradeResponse answer = script.answerFor(request);
    switch (answer.kind) {
      case SILENCE -> {}
      case RAW -> reject(ctx, 500, "Raw bytes cannot answer an extended CONNECT");
      case HTTP -> answer(ctx, answer.status, answer.headers, answer.body);
      case SWITCH -> accept(ctx, request, answer);
    }
  }

  private void accept(ChannelHandlerContext ctx, RecordedRequest request, UpgradeResponse answer) {
    if (!"CONNECT".equals(request.method()) || !"websocket".equals(request.header(":protocol"))) {
      reject(ctx, 400, "Not an extended CONNECT for the websocket protocol");
      return;
    }
    if (!"13".equals(request.header("sec-websocket-version"))) {
      reject(ctx, 400, "Only WebSocket version 13 is supported");
      return;
    }
    WebSocketServerExtension deflate = HandshakeResponder.negotiateDeflate(config, request);
    List<Header> headers =
        new ArrayList<>(HandshakeResponder.negotiatedHeaders(request, answer, deflate));
    headers.removeIf(h -> answer.removedHeaders.contains(h.name().toLowerCase(Locale.ROOT)));
    int status = answer.status == 101 ? 200 : answer.status;
    ctx.writeAndFlush(new DefaultHttp2HeadersFrame(headers(status, headers), false));
    WebSocketPipeline.install(ctx.pipeline(), StreamBytes.NAME, connection, config, deflate);
    ctx.pipeline().remove(this);
    connection.upgradeDone();
  }

  private void reject(ChannelHandlerContext ctx, int status, String why) {
    connection.serverError(
        new IllegalStateException("Test server rejected the stream with " + status + ": " + why));
    answer(ctx, status, List.of(), why.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void answer(
      ChannelHandlerContext ctx, int status, List<Header> headers, byte[] body) {
    ctx.write(new DefaultHttp2HeadersFrame(headers(status, headers), false));
    if (body.length > 0) {
      ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), false));
    }
    ctx.flush();
    // ends the stream through StreamBytes, as closing a socket would
    ctx.close();
  }

  private static Http2Headers headers(int status, List<Header> headers) {
    Http2Headers h2 = new DefaultHttp2Headers().status(String.valueOf(status));
    for (Header h : headers) {
      h2.add(h.name().toLowerCase(Locale.ROOT), h.value());
    }
    return h2;
  }

  private RecordedRequest record(Http2Headers headers) {
    List<Header> recorded = new ArrayList<>();
    for (Map.Entry<CharSequence, CharSequence> e : headers) {
      recorded.add(new Header(e.getKey().toString(), e.getValue().toString()));
    }
    CharSequence method = headers.method();
    CharSequence path = headers.path();
    return new RecordedRequest(
        connection.id(),
        method == null ? "" : method.toString(),
        path == null ? "" : path.toString(),
        "HTTP/2",
        recorded,
        new byte[0]);
  }
}
