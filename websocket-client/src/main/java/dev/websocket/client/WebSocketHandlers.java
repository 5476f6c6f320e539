package dev.websocket.client;

import dev.websocket.client.internal.Connector;
import dev.websocket.client.internal.PipelineForwarder;
import dev.websocket.client.internal.WebSocketUrl;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.util.concurrent.CompletableFuture;

/**
 * For Netty users: installs this client's handlers into a pipeline of your own, in one call.
 *
 * <pre>{@code
 * Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
 *     .handler(new ChannelInitializer<SocketChannel>() {
 *       protected void initChannel(SocketChannel ch) {
 *         WebSocketHandlers.install(ch, "ws://127.0.0.1:8080/feed", ConnectOptions.DEFAULT)
 *             .thenRun(() -> ch.writeAndFlush(Frame.text("subscribe")));
 *         ch.pipeline().addLast(new SimpleChannelInboundHandler<Frame>() {
 *           protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
 *             System.out.println(frame.opcode() + " " + frame.text());
 *           }
 *         });
 *       }
 *     });
 * b.connect("127.0.0.1", 8080);
 * }</pre>
 *
 * <p>Installed: TLS for wss, the HTTP handlers for the opening handshake, and after the 101 the
 * frame decoder and encoder (masking), permessage-deflate when negotiated, and the protocol handler
 * (pings answered, close handshake). Your handlers after them read {@link
 * dev.websocket.codec.Frame}s (fragments as they arrive, control frames included) and write {@code
 * Frame}s; a protocol violation fails the connection with its close code and reaches you through
 * {@code exceptionCaught}. Proxies and redirects are yours to handle: add Netty's proxy handler
 * first if you need one.
 *
 * <p>Frames you write in {@code channelRead} and flush in {@code channelReadComplete}, the usual
 * idiom, do not all wait for that flush: the encoder sends the first answers of a read early (see
 * {@link dev.websocket.codec.FrameEncoder}), so the server works on them while you handle the rest.
 */
public final class WebSocketHandlers {

  private WebSocketHandlers() {}

  /**
   * Adds the client handlers to {@code channel}'s pipeline; the handshake starts when the channel
   * is active (at once if it already is).
   *
   * @return completes when the connection is upgraded, or fails with the reason (a {@link
   *     WebSocketBadStatusException}, a {@link WebSocketProtocolException}...)
   */
  public static CompletableFuture<Void> install(
      Channel channel, String url, ConnectOptions options) {
    return connector(options)
        .install(channel, WebSocketUrl.parse(url))
        .thenApply(connection -> null);
  }

  /**
   * For an HTTP/2 connection of your own (Netty's {@code Http2FrameCodec} and {@code
   * Http2MultiplexHandler}, to a server that sent {@code SETTINGS_ENABLE_CONNECT_PROTOCOL = 1}):
   * makes a stream you opened on it a WebSocket (RFC 8441). The extended CONNECT goes out at once;
   * after the server's 2xx the stream's pipeline holds the same frame codec, permessage-deflate and
   * protocol handler as a WebSocket of its own connection, and your handlers after them read and
   * write {@link dev.websocket.codec.Frame}s. Closing the WebSocket ends the stream, not the
   * connection.
   *
   * <pre>{@code
   * io.netty.handler.codec.http2.Http2StreamChannel stream =
   *     new io.netty.handler.codec.http2.Http2StreamChannelBootstrap(http2Connection)
   *         .open().sync().getNow();
   * WebSocketHandlers.install(stream, "wss://feed.example.com/ticks", ConnectOptions.DEFAULT)
   *     .thenRun(() -> stream.writeAndFlush(Frame.text("subscribe")));
   * }</pre>
   *
   * @return completes when the server accepted the WebSocket, or fails with the reason (a {@link
   *     WebSocketBadStatusException} for a refusal or a redirect, which is not followed...)
   */
  public static CompletableFuture<Void> install(
      Http2StreamChannel stream, String url, ConnectOptions options) {
    return connector(options)
        .install(stream, WebSocketUrl.parse(url))
        .thenApply(connection -> null);
  }

  /** A connector whose connections hand their frames on down the user's pipeline. */
  private static Connector connector(ConnectOptions options) {
    return new Connector(
        options, WebSocket.tracer(), WebSocket.connectTimeoutFor(options), PipelineForwarder::new);
  }
}
