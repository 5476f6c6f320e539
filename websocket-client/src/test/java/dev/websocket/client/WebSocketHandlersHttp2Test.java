package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.Http2TestServer;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Netty user with an HTTP/2 connection of their own makes its streams WebSockets with {@link
 * WebSocketHandlers#install(Http2StreamChannel, String, ConnectOptions)} (RFC 8441).
 */
class WebSocketHandlersHttp2Test {

  private static final long WAIT_SECONDS = 10;
  private static final ConnectOptions OPTIONS =
      ConnectOptions.builder().compression(false).proxyFromEnvironment(false).build();

  private EventLoopGroup group;
  private Http2TestServer server;

  @BeforeEach
  void start() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** The user's own h2c connection: Netty's frame codec and multiplexer, nothing of ours. */
  private Channel connection() throws InterruptedException {
    return new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(
                        Http2FrameCodecBuilder.forClient().build(),
                        new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
              }
            })
        .connect("127.0.0.1", server.port())
        .sync()
        .channel();
  }

  /** A stream of {@code connection} made a WebSocket, its frames' texts going to {@code texts}. */
  private Http2StreamChannel webSocket(Channel connection, String path, BlockingQueue<String> texts)
      throws Exception {
    return webSocket(connection, path, texts, new LinkedBlockingQueue<>());
  }

  /** As above, with what reaches the user's handler as an exception going to {@code errors}. */
  private Http2StreamChannel webSocket(
      Channel connection, String path, BlockingQueue<String> texts, BlockingQueue<Throwable> errors)
      throws Exception {
    Http2StreamChannel stream =
        new Http2StreamChannelBootstrap(connection).open().get(WAIT_SECONDS, TimeUnit.SECONDS);
    var installed = WebSocketHandlers.install(stream, server.url(path), OPTIONS);
    stream
        .pipeline()
        .addLast(
            new SimpleChannelInboundHandler<Frame>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
                if (frame.opcode() == Opcode.TEXT) {
                  texts.add(frame.text());
                }
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
              }
            });
    installed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    return stream;
  }

  @Test
  void twoStreamsOfTheUsersConnectionAreWebSocketsThatEcho() throws Exception {
    server = Http2TestServer.clearText();
    Channel connection = connection();
    BlockingQueue<String> first = new LinkedBlockingQueue<>();
    BlockingQueue<String> second = new LinkedBlockingQueue<>();
    BlockingQueue<Throwable> secondErrors = new LinkedBlockingQueue<>();
    Http2StreamChannel a = webSocket(connection, "/a", first);
    Http2StreamChannel b = webSocket(connection, "/b", second, secondErrors);

    a.writeAndFlush(Frame.text("on stream a"));
    b.writeAndFlush(Frame.text("on stream b"));
    assertEquals("on stream a", first.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals("on stream b", second.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(1, server.acceptedConnections());
    assertEquals("websocket", server.streams().get(0).request.get(":protocol").toString());
    assertEquals("/a", server.streams().get(0).request.path().toString());

    // Closing one WebSocket ends its stream (close handshake, END_STREAM), not the connection.
    a.writeAndFlush(Frame.close(1000, "done"));
    assertEquals(
        1000, server.streams().get(0).closeFrame.get(WAIT_SECONDS, TimeUnit.SECONDS).intValue());
    a.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS);
    assertTrue(connection.isActive());
    b.writeAndFlush(Frame.text("still here"));
    assertEquals("still here", second.poll(WAIT_SECONDS, TimeUnit.SECONDS));

    // The user closes the connection under the open WebSocket: its handler hears why.
    connection.close().sync();
    Throwable ended = secondErrors.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertInstanceOf(WebSocketConnectionClosedException.class, ended);
    assertEquals("The HTTP/2 connection closed", ended.getMessage());
  }

  @Test
  void aRefusedStreamFailsWithTheStatus() throws Exception {
    server = Http2TestServer.clearTextAnswering(403);
    Channel connection = connection();
    Http2StreamChannel stream =
        new Http2StreamChannelBootstrap(connection).open().get(WAIT_SECONDS, TimeUnit.SECONDS);
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                WebSocketHandlers.install(stream, server.url("/"), OPTIONS)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS));
    WebSocketBadStatusException refused =
        assertInstanceOf(WebSocketBadStatusException.class, e.getCause());
    assertEquals(403, refused.statusCode());
    assertTrue(
        stream.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS), "the stream is given up");
    connection.close().sync();
  }
}
