package dev.websocket.client;

import dev.websocket.client.internal.Connector;
import dev.websocket.client.internal.PipelineForwarder;
import dev.websocket.client.internal.WebSocketUrl;
import io.netty.channel.Channel;
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
    Connector connector =
        new Connector(
            options,
            WebSocket.tracer(),
            WebSocket.connectTimeoutFor(options),
            PipelineForwarder::new);
    return connector.install(channel, WebSocketUrl.parse(url)).thenApply(connection -> null);
  }
}
