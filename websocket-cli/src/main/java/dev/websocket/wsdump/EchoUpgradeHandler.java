package dev.websocket.wsdump;

import dev.websocket.codec.FrameDecoder;
import dev.websocket.codec.FrameDecoderConfig;
import dev.websocket.codec.FrameEncoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The echo server's opening handshake (RFC 6455 section 4.2): checks the upgrade request, answers
 * 101 with the accept key and the first offered subprotocol, then swaps the HTTP handlers for the
 * frame codec and {@link EchoFrameHandler}. Anything else gets a 400 and the connection closed.
 */
final class EchoUpgradeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  /** The pipeline name of the HTTP codec, replaced by the frame decoder after the upgrade. */
  static final String HTTP_CODEC = "http-codec";

  /** The pipeline name of the request aggregator, removed after the upgrade. */
  static final String HTTP_AGGREGATOR = "http-aggregator";

  /** The GUID of RFC 6455 section 1.3, appended to the client's key before hashing. */
  static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private static final String SUPPORTED_VERSION = "13";

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    HttpHeaders headers = request.headers();
    String key = headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
    if (!HttpMethod.GET.equals(request.method())
        || !headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
        || !headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        || key == null
        || key.isBlank()) {
      reject(
          ctx,
          HttpResponseStatus.BAD_REQUEST,
          "This is a WebSocket echo server: connect with a WebSocket client.\n");
      return;
    }
    if (!SUPPORTED_VERSION.equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
      FullHttpResponse response =
          plain(HttpResponseStatus.UPGRADE_REQUIRED, "Only WebSocket version 13 is spoken here.\n");
      response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, SUPPORTED_VERSION);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }

    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    response
        .headers()
        .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
        .set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, acceptKey(key.strip()));
    String protocol = firstOfferedSubprotocol(headers.get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
    if (protocol != null) {
      response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, protocol);
    }

    // The 101 is encoded by the HTTP codec during this call, on the event loop; only then is the
    // codec replaced, so the client's first frame (which cannot come before the 101) meets the
    // frame decoder.
    ctx.writeAndFlush(response);
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.remove(HTTP_AGGREGATOR);
    pipeline.replace(HTTP_CODEC, "frame-decoder", new FrameDecoder(FrameDecoderConfig.SERVER));
    pipeline.addAfter("frame-decoder", "frame-encoder", FrameEncoder.forServer());
    pipeline.replace(this, "echo", new EchoFrameHandler());
  }

  /** {@code base64(SHA-1(key + GUID))}, the {@code Sec-WebSocket-Accept} for {@code key}. */
  static String acceptKey(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest = sha1.digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JDK", e);
    }
  }

  /** The first token of a {@code Sec-WebSocket-Protocol} offer, or null for none. */
  static String firstOfferedSubprotocol(String offer) {
    if (offer == null) {
      return null;
    }
    String first = offer.split(",", 2)[0].strip();
    return first.isEmpty() ? null : first;
  }

  private static void reject(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
    ctx.writeAndFlush(plain(status, body)).addListener(ChannelFutureListener.CLOSE);
  }

  private static FullHttpResponse plain(HttpResponseStatus status, String body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return response;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A malformed request or a reset connection: nothing to answer, nothing to keep.
    ctx.close();
  }
}
