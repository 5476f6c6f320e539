package dev.websocket.client.internal;

import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.client.WebSocketException;
import dev.websocket.client.WebSocketProtocolException;
import dev.websocket.codec.CloseStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends the opening handshake request and judges the response. On a valid 101 it has the frame
 * handlers installed in the same event-loop turn, so bytes that arrived with the response reach the
 * frame decoder, then removes the HTTP handlers and itself.
 *
 * <p>The promise completes with the response: 101 (the connection is upgraded) or a redirect (3xx
 * with a Location, for the connector to follow); any other outcome fails it with a {@link
 * WebSocketException}.
 */
public final class HandshakeHandler extends OpeningRequestHandler {

  /** A non-101 response body is kept up to this size, for the error message. */
  static final int MAX_RESPONSE_BODY = 64 * 1024;

  /** Installs the post-handshake handlers; runs on the event loop, inside the read of the 101. */
  @FunctionalInterface
  public interface Upgrade {
    /**
     * Adds the frame handlers, after {@link PipelineNames#HTTP_CODEC}, for a validated response.
     */
    void install(ChannelPipeline pipeline, HandshakeResponse response) throws WebSocketException;
  }

  private final HandshakeRequest request;
  private final List<String> acceptedExtensions;
  private final Upgrade upgrade;
  private final Tracer tracer;

  /** Set once a 101 was judged by its head: the content the decoder reports after it is dropped. */
  private boolean dropContent;

  /**
   * A handler for one handshake.
   *
   * @param acceptedExtensions extension names the upgrade can run if the server selects them
   */
  public HandshakeHandler(
      HandshakeRequest request,
      Promise<HandshakeResponse> promise,
      List<String> acceptedExtensions,
      Upgrade upgrade,
      Tracer tracer) {
    super(promise);
    this.request = request;
    this.acceptedExtensions = acceptedExtensions;
    this.upgrade = upgrade;
    this.tracer = tracer;
  }

  /**
   * Adds the HTTP response decoder and a handshake handler at the end of the pipeline. The request
   * is one GET with headers and no body, so this handler writes its bytes itself rather than
   * through Netty's HTTP encoder; a 101 is judged by its head, and only another status brings in an
   * aggregator for its body.
   */
  public static void install(ChannelPipeline pipeline, HandshakeHandler handler) {
    pipeline.addLast(PipelineNames.HTTP_CODEC, new HttpResponseDecoder());
    pipeline.addLast(PipelineNames.HANDSHAKE, handler);
  }

  @Override
  protected Object encodeRequest(ChannelHandlerContext ctx) {
    ByteBuf bytes = encode(request, ctx.alloc());
    if (tracer.enabled()) {
      tracer.requestHeaders(request);
    }
    return bytes;
  }

  /**
   * The request line and headers as bytes, in UTF-8 as the Python library sends them (names are
   * ASCII tokens; a value or target outside ASCII goes as UTF-8 rather than cut to one byte a
   * character).
   *
   * @throws IllegalArgumentException for a header name that is not an HTTP token or a value with a
   *     control character: a CR or LF would let a value add headers of its own
   */
  static ByteBuf encode(HandshakeRequest request, ByteBufAllocator alloc) {
    HeaderText.checkHeaders(request.headers());
    ByteBuf out = alloc.buffer(512);
    out.writeCharSequence("GET ", StandardCharsets.US_ASCII);
    out.writeCharSequence(request.resource(), StandardCharsets.UTF_8);
    out.writeCharSequence(" HTTP/1.1\r\n", StandardCharsets.US_ASCII);
    for (Map.Entry<String, String> header : request.headers()) {
      out.writeCharSequence(header.getKey(), StandardCharsets.US_ASCII);
      out.writeShort(':' << 8 | ' ');
      out.writeCharSequence(header.getValue(), StandardCharsets.UTF_8);
      out.writeShort('\r' << 8 | '\n');
    }
    out.writeShort('\r' << 8 | '\n');
    return out;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (promise.isDone()) {
      if (dropContent && msg instanceof HttpContent) {
        ReferenceCountUtil.release(msg);
      } else {
        ctx.fireChannelRead(msg);
      }
      return;
    }
    if (msg instanceof HttpResponse && !(msg instanceof FullHttpResponse)) {
      HttpResponse head = (HttpResponse) msg;
      if (head.status().code() != 101) {
        // Its body goes into the error (or is ignored after a redirect): join it first. Only such
        // responses pay for an aggregator; it takes this head and hands on the whole response.
        ctx.pipeline()
            .addBefore(
                PipelineNames.HANDSHAKE, PipelineNames.HTTP_AGGREGATOR, new ResponseAggregator());
        ctx.pipeline().context(PipelineNames.HTTP_CODEC).fireChannelRead(msg);
        return;
      }
      // A 101 has no body: judge it by its head, at once. Netty's decoder takes a 101 with
      // Upgrade: websocket but no Sec-WebSocket-Accept for a Hixie-76 answer and would wait for a
      // 16-byte body an RFC 6455 server never sends; whatever content it reports is dropped.
      dropContent = true;
      respond(ctx, head, Unpooled.EMPTY_BUFFER);
      return;
    }
    if (msg instanceof FullHttpResponse) {
      FullHttpResponse response = (FullHttpResponse) msg;
      try {
        respond(ctx, response, response.content());
      } finally {
        response.release();
      }
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private void respond(ChannelHandlerContext ctx, HttpResponse response, ByteBuf body) {
    try {
      onResponse(ctx, response, body);
    } catch (WebSocketException e) {
      promise.tryFailure(e);
      ctx.close();
    }
  }

  private void onResponse(ChannelHandlerContext ctx, HttpResponse response, ByteBuf body)
      throws WebSocketException {
    if (response.decoderResult().isFailure()) {
      throw new WebSocketProtocolException(
          "Invalid HTTP response to the opening handshake: "
              + response.decoderResult().cause().getMessage(),
          response.decoderResult().cause());
    }
    int status = response.status().code();
    String reason = response.status().reasonPhrase();
    Map<String, List<String>> headers = headers(response);
    if (tracer.enabled()) {
      tracer.responseHeaders(response.protocolVersion().text(), status, reason, headers);
    }
    if (status == 101) {
      HandshakeResponse validated =
          HandshakeValidator.validate(request, status, reason, headers, acceptedExtensions);
      upgrade.install(ctx.pipeline(), validated);
      promise.setSuccess(validated);
      // Removing the codec now would drop the rest of this read: do it after the read completes.
      ctx.channel().eventLoop().execute(() -> removeHttpHandlers(ctx.pipeline()));
      return;
    }
    HandshakeResponse redirect = HandshakeValidator.redirect(status, reason, headers);
    if (redirect != null) {
      promise.setSuccess(redirect);
      ctx.close();
      return;
    }
    throw HandshakeValidator.badStatus(
        status,
        reason,
        headers,
        ByteBufUtil.getBytes(
            body, body.readerIndex(), Math.min(body.readableBytes(), MAX_RESPONSE_BODY)));
  }

  private void removeHttpHandlers(ChannelPipeline pipeline) {
    for (String name :
        new String[] {
          PipelineNames.HTTP_CODEC, PipelineNames.HTTP_AGGREGATOR, PipelineNames.HANDSHAKE
        }) {
      if (pipeline.get(name) != null) {
        pipeline.remove(name);
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    promise.tryFailure(
        new WebSocketConnectionClosedException(
            "Connection closed by the server during the opening handshake"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (promise.tryFailure(handshakeFailure(cause))) {
      ctx.close();
    } else if (promise.isSuccess()) {
      ctx.fireExceptionCaught(cause);
    }
    // else: the handshake already failed and the caller has its exception; later echoes of the
    // same failure (a TLS or proxy error fails every queued write) end here rather than being
    // logged by the pipeline's tail as unhandled.
  }

  /**
   * Netty's HTTP decoding errors in the words of the client's exceptions (a response cut short by
   * the server closing, a response too large); anything else (I/O, TLS, proxy) goes on as it is,
   * for the connector to translate.
   */
  private static Throwable handshakeFailure(Throwable cause) {
    if (cause instanceof PrematureChannelClosureException) {
      return new WebSocketConnectionClosedException(
          "Connection closed by the server during the opening handshake: " + cause.getMessage(),
          CloseStatus.ABNORMAL_CLOSED,
          "",
          cause);
    }
    if (cause instanceof TooLongFrameException) {
      return new WebSocketProtocolException(
          "Invalid HTTP response to the opening handshake: " + cause.getMessage(), cause);
    }
    return cause;
  }

  /**
   * Joins the response; a body longer than {@link #MAX_RESPONSE_BODY} is cut there instead of
   * failing with Netty's "response entity too large", because only its start goes into the {@code
   * WebSocketBadStatusException}, which must still carry the status and headers.
   */
  static final class ResponseAggregator extends HttpObjectAggregator {
    ResponseAggregator() {
      // One decoder chunk beyond the limit: the aggregator stops before the chunk that would pass
      // its maximum, and MAX_RESPONSE_BODY bytes must be in by then.
      super(MAX_RESPONSE_BODY + HttpObjectDecoder.DEFAULT_MAX_CHUNK_SIZE);
    }

    /**
     * A Content-Length past the limit is not refused up front: the body is read up to the limit, so
     * that its start is kept, and the rest is dropped as it arrives.
     */
    @Override
    protected boolean isContentLengthInvalid(HttpMessage start, int maxContentLength) {
      return false;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized)
        throws Exception {
      if (!(oversized instanceof HttpResponse)) {
        super.handleOversizedMessage(ctx, oversized);
        return;
      }
      // The aggregator releases what it passes in, and drops the rest of the body itself.
      HttpResponse head = (HttpResponse) oversized;
      ByteBuf start =
          oversized instanceof FullHttpResponse full
              ? full.content()
                  .copy(
                      full.content().readerIndex(),
                      Math.min(full.content().readableBytes(), MAX_RESPONSE_BODY))
              : Unpooled.EMPTY_BUFFER;
      ctx.fireChannelRead(
          new DefaultFullHttpResponse(
              head.protocolVersion(),
              head.status(),
              start,
              head.headers(),
              EmptyHttpHeaders.INSTANCE));
    }
  }

  private static Map<String, List<String>> headers(HttpResponse response) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : response.headers()) {
      headers
          .computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(header.getValue());
    }
    headers.replaceAll((k, v) -> List.copyOf(v));
    return headers;
  }
}
