package dev.websocket.client.internal.http2;

import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.client.WebSocketException;
import dev.websocket.client.internal.HandshakeRequest;
import dev.websocket.client.internal.HandshakeResponse;
import dev.websocket.client.internal.OpeningRequestHandler;
import dev.websocket.client.internal.Tracer;
import dev.websocket.codec.CloseStatus;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.util.List;
import java.util.Map;

/**
 * Sends the extended CONNECT on a fresh stream and judges the answer. On a 2xx it has the frame
 * handlers installed (in the same turn, before the stream's first DATA frame is read) and removes
 * itself; on a redirect the promise completes with it and the stream is closed; otherwise the
 * promise fails and the stream is reset.
 */
final class StreamHandshakeHandler extends OpeningRequestHandler {

  /** Installs the frame handlers around {@link #NAME} for a validated response. */
  @FunctionalInterface
  interface Upgrade {
    void install(ChannelPipeline pipeline, HandshakeResponse response) throws WebSocketException;
  }

  private final HandshakeRequest request;
  private final boolean secure;
  private final List<String> acceptedExtensions;
  private final Upgrade upgrade;
  private final Tracer tracer;

  StreamHandshakeHandler(
      HandshakeRequest request,
      boolean secure,
      Promise<HandshakeResponse> promise,
      List<String> acceptedExtensions,
      Upgrade upgrade,
      Tracer tracer) {
    super(promise);
    this.request = request;
    this.secure = secure;
    this.acceptedExtensions = acceptedExtensions;
    this.upgrade = upgrade;
    this.tracer = tracer;
  }

  @Override
  protected Object encodeRequest(ChannelHandlerContext ctx) {
    Http2Headers headers = ExtendedConnect.headers(request, secure);
    if (tracer.enabled()) {
      tracer.line(traced("--- request header ---", headers));
    }
    return new DefaultHttp2HeadersFrame(headers, false);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (promise.isDone()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!(msg instanceof Http2HeadersFrame)) {
      // DATA before the response's HEADERS would be a broken server: Netty's codec rejects it.
      ReferenceCountUtil.release(msg);
      return;
    }
    Http2Headers headers = ((Http2HeadersFrame) msg).headers();
    if (tracer.enabled()) {
      tracer.line(traced("--- response header ---", headers));
    }
    try {
      HandshakeResponse response = ExtendedConnect.response(request, headers, acceptedExtensions);
      if (response.status() < 200 || response.status() > 299) {
        // A redirect, for the connector to follow: this stream is done.
        promise.setSuccess(response);
        ctx.close();
        return;
      }
      upgrade.install(ctx.pipeline(), response);
      ctx.pipeline().remove(this);
      promise.setSuccess(response);
    } catch (WebSocketException e) {
      promise.tryFailure(e);
      ctx.close();
    }
  }

  /** HEADERS as the HTTP/1.1 trace shows a request or response: one line each, secrets masked. */
  private String traced(String title, Http2Headers headers) {
    StringBuilder sb = new StringBuilder(title).append('\n');
    for (Map.Entry<CharSequence, CharSequence> header : headers) {
      String name = header.getKey().toString();
      sb.append(name)
          .append(": ")
          .append(tracer.shown(name, header.getValue().toString()))
          .append('\n');
    }
    return sb.append("-----------------------").toString();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    promise.tryFailure(
        new WebSocketConnectionClosedException(
            "The HTTP/2 stream closed during the opening handshake",
            CloseStatus.ABNORMAL_CLOSED,
            "",
            null));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (promise.tryFailure(cause)) {
      ctx.close();
    } else if (promise.isSuccess()) {
      ctx.fireExceptionCaught(cause);
    }
  }
}
