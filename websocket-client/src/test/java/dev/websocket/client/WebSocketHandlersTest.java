package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.client.testing.UpgradeResponse;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Netty user composing the client handlers into their own Bootstrap. */
class WebSocketHandlersTest {

  private EventLoopGroup group;
  private TestWebSocketServer server;

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

  private Channel connect(
      String url, CompletableFuture<Void>[] upgraded, BlockingQueue<String> received)
      throws Exception {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    upgraded[0] = WebSocketHandlers.install(ch, url, ConnectOptions.DEFAULT);
                    ch.pipeline()
                        .addLast(
                            new SimpleChannelInboundHandler<Frame>() {
                              @Override
                              protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
                                received.add(frame.opcode() + ":" + frame.text());
                              }
                            });
                  }
                });
    return bootstrap.connect("127.0.0.1", server.port()).sync().channel();
  }

  @Test
  void ownBootstrapSendsAndReceivesFrames() throws Exception {
    server = TestWebSocketServer.echo();
    @SuppressWarnings("unchecked")
    CompletableFuture<Void>[] upgraded = new CompletableFuture[1];
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    Channel channel = connect(server.uri("/"), upgraded, received);
    upgraded[0].get(10, TimeUnit.SECONDS);
    channel.writeAndFlush(Frame.text("composed")).sync();
    assertEquals("TEXT:composed", received.poll(10, TimeUnit.SECONDS));
    channel.writeAndFlush(Frame.close(1000, "")).sync();
    String reply = received.poll(10, TimeUnit.SECONDS);
    assertEquals(
        Opcode.CLOSE + ":", reply.substring(0, 6), "the server's close reaches the user's handler");
    channel.closeFuture().await(10, TimeUnit.SECONDS);
    // Our close was recorded as the start of the close handshake: the server's answer ends it, with
    // no second close.
    assertEquals(
        List.of(1, 8),
        server.frames().stream()
            .map(f -> f.opcode())
            .collect(java.util.stream.Collectors.toList()));
  }

  @Test
  void aRefusedUpgradeFailsTheFuture() throws Exception {
    server =
        TestWebSocketServer.builder().respond(UpgradeResponse.status(403, "Forbidden")).start();
    @SuppressWarnings("unchecked")
    CompletableFuture<Void>[] upgraded = new CompletableFuture[1];
    Channel channel = connect(server.uri("/"), upgraded, new LinkedBlockingQueue<>());
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> upgraded[0].get(10, TimeUnit.SECONDS));
    assertInstanceOf(WebSocketBadStatusException.class, e.getCause());
    assertEquals(403, ((WebSocketBadStatusException) e.getCause()).statusCode());
    channel.close().sync();
  }
}
