package dev.websocket.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Frame;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The send queue as the blocking facade uses it: sends, closes and failures made off the event loop
 * go out in the order they were made. Over a local channel on a real event loop, so that they take
 * the queue and its drain task (on an EmbeddedChannel every caller is "on the event loop").
 */
class SendQueueOrderTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
  private final List<String> serverGot = new CopyOnWriteArrayList<>();
  private final CountDownLatch closeArrived = new CountDownLatch(1);
  private Channel server;
  private Channel client;
  private Connection connection;

  @BeforeEach
  void connect() throws InterruptedException {
    LocalAddress address = new LocalAddress("send-queue-order");
    server =
        new ServerBootstrap()
            .group(group)
            .channel(LocalServerChannel.class)
            .childHandler(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    Frame frame = (Frame) msg;
                    try {
                      serverGot.add(CoreHarness.describe(frame));
                      if (frame.opcode() == dev.websocket.codec.Opcode.CLOSE) {
                        closeArrived.countDown();
                      }
                    } finally {
                      frame.release();
                    }
                  }
                })
            .bind(address)
            .sync()
            .channel();
    connection = LocalConnections.connect(group, address, new CoreHarness.Recorder());
    client = connection.channel();
  }

  @AfterEach
  void close() {
    client.close().syncUninterruptibly();
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aFailureMadeAfterAnEchoGoesOutAfterItAndACloseAfterItIsRefused() {
    assertTimeoutPreemptively(
        WAIT,
        () -> {
          for (int i = 0; i < 100; i++) {
            connection.send(Frame.text("echo " + i));
          }
          connection.fail(
              new ProtocolViolationException(CloseStatus.PROTOCOL_ERROR, "Reserved opcode 11"));
          connection.close(CloseStatus.NORMAL, "");
          assertFalse(
              connection.send(Frame.text("late"), connection.newPromise()).await().isSuccess());
          closeArrived.await();
          assertEquals(101, serverGot.size(), serverGot::toString);
          for (int i = 0; i < 100; i++) {
            assertEquals("TEXT \"echo " + i + "\"", serverGot.get(i));
          }
          assertEquals("CLOSE 1002 \"Reserved opcode 11\"", serverGot.get(100));
        });
  }

  @Test
  void aCloseQueuedBehindMessagesFollowsThemAndASecondCloseIsDropped() {
    assertTimeoutPreemptively(
        WAIT,
        () -> {
          connection.send(Frame.text("one"));
          connection.send(Frame.text("two"));
          connection.close(4001, "custom");
          connection.close(CloseStatus.NORMAL, "");
          closeArrived.await();
          assertEquals(List.of("TEXT \"one\"", "TEXT \"two\"", "CLOSE 4001 \"custom\""), serverGot);
        });
  }
}
