package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.websocket.client.testing.RawFrames;
import dev.websocket.client.testing.RecordedFrame;
import dev.websocket.client.testing.ServerConnection;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.codec.CloseStatus;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failing the connection follows the wire order (RFC 6455 7.1.7) whatever the application does
 * meanwhile: the server sends a valid text message, a frame that breaks the protocol and a ping,
 * while the application echoes the message and then closes normally. The client must send the echo,
 * then a close frame with the violation's code (not the application's 1000), and never answer the
 * ping that came after the violation, on every front door, however TCP cut the bytes.
 */
class WireOrderCloseCodeTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PING =
      RawFrames.frame(true, 0, RawFrames.PING, "after".getBytes(StandardCharsets.UTF_8));

  private static EventLoopGroup nettyUserGroup;
  private static ExecutorService userExecutor;
  private TestWebSocketServer server;

  /** A frame the client must reject, and the code it must fail the connection with. */
  enum Violation {
    RSV2(RawFrames.frame(true, 2, RawFrames.TEXT, HELLO), CloseStatus.PROTOCOL_ERROR),
    RSV3(RawFrames.frame(true, 3, RawFrames.TEXT, HELLO), CloseStatus.PROTOCOL_ERROR),
    RESERVED_OPCODE_0xB(RawFrames.frame(true, 0, 0xB, HELLO), CloseStatus.PROTOCOL_ERROR),
    // "a" then a byte that never starts a UTF-8 sequence
    INVALID_UTF8(
        RawFrames.frame(true, 0, RawFrames.TEXT, new byte[] {0x61, (byte) 0xff}),
        CloseStatus.INVALID_PAYLOAD);

    final byte[] frame;
    final int code;

    Violation(byte[] frame, int code) {
      this.frame = frame;
      this.code = code;
    }
  }

  /** How TCP delivers the three frames. */
  enum Arrival {
    ONE_WRITE,
    SINGLE_BYTES,
    ONE_WRITE_PER_FRAME;

    CompletableFuture<Void> send(ServerConnection connection, byte[]... frames) {
      List<byte[]> writes = new ArrayList<>();
      switch (this) {
        case ONE_WRITE -> writes.add(RawFrames.concat(frames));
        case SINGLE_BYTES -> {
          for (byte b : RawFrames.concat(frames)) {
            writes.add(new byte[] {b});
          }
        }
        case ONE_WRITE_PER_FRAME -> writes.addAll(Arrays.asList(frames));
      }
      CompletableFuture<Void> last = null;
      for (byte[] w : writes) {
        // queued in order on the server's event loop, each write flushed on its own
        last = connection.sendRaw(w);
      }
      return last;
    }
  }

  /** An echoing application on each front door: echo, meet the violation, close normally. */
  enum FrontDoor {
    BLOCKING,
    BLOCKING_IO_ON_CALLER,
    ASYNC,
    ASYNC_ON_EXECUTOR,
    APP,
    NETTY_HANDLERS
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (FrontDoor door : FrontDoor.values()) {
      for (Violation violation : Violation.values()) {
        for (Arrival arrival : Arrival.values()) {
          cases.add(Arguments.of(door, violation, arrival));
        }
      }
    }
    return cases.stream();
  }

  @BeforeAll
  static void startThreads() {
    nettyUserGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    userExecutor = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stopThreads() {
    nettyUserGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    userExecutor.shutdownNow();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static ConnectOptions options() {
    return ConnectOptions.builder().timeout(WAIT).proxyFromEnvironment(false).build();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void theViolationsCodeFollowsTheEchoAndOvertakesTheApplicationsClose(
      FrontDoor door, Violation violation, Arrival arrival) {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          server = TestWebSocketServer.builder().echo(false).start();
          Runnable serverWrites =
              () -> {
                ServerConnection connection = server.awaitUpgradedConnection(WAIT);
                // The client may fail the connection and close TCP before the last single bytes are
                // written.
                arrival
                    .send(connection, RawFrames.text("Hello"), violation.frame, PING)
                    .handle((written, closed) -> null)
                    .join();
              };
          Throwable error =
              switch (door) {
                case BLOCKING -> blockingEcho(serverWrites, options());
                case BLOCKING_IO_ON_CALLER ->
                    blockingEcho(
                        serverWrites, options().toBuilder().ioOnCallerThread(true).build());
                case ASYNC -> asyncEcho(serverWrites, null);
                case ASYNC_ON_EXECUTOR -> asyncEcho(serverWrites, userExecutor);
                case APP -> appEcho(serverWrites);
                case NETTY_HANDLERS -> nettyEcho(serverWrites);
              };

          ServerConnection connection = server.connections().get(0);
          connection.awaitClosed(WAIT);
          List<RecordedFrame> frames = connection.frames();
          assertEquals(2, frames.size(), () -> "the echo and the close, nothing else: " + frames);
          assertEquals(RawFrames.TEXT, frames.get(0).opcode(), frames::toString);
          assertEquals("Hello", frames.get(0).text());
          assertEquals(RawFrames.CLOSE, frames.get(1).opcode(), frames::toString);
          assertEquals(
              violation.code,
              frames.get(1).closeCode(),
              () -> "the client's close code: " + frames.get(1));
          if (door != FrontDoor.NETTY_HANDLERS) {
            WebSocketProtocolException failed =
                assertInstanceOf(WebSocketProtocolException.class, error);
            assertEquals(violation.code, failed.closeStatus(), failed::toString);
          }
        });
  }

  /** recv, send it back, recv again (throws), close by try-with-resources. */
  private Throwable blockingEcho(Runnable serverWrites, ConnectOptions options) throws Exception {
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      serverWrites.run();
      Message m = ws.recv();
      ws.send(m.text());
      return assertThrows(WebSocketProtocolException.class, ws::recv);
    }
  }

  /** onText sends it back; onError closes normally. */
  private Throwable asyncEcho(Runnable serverWrites, ExecutorService executor) throws Exception {
    CompletableFuture<Throwable> error = new CompletableFuture<>();
    WebSocketListener listener =
        new WebSocketListener() {
          @Override
          public void onText(AsyncWebSocket ws, String text) {
            ws.sendText(text);
          }

          @Override
          public void onError(AsyncWebSocket ws, Throwable e) {
            error.complete(e);
            ws.close();
          }
        };
    AsyncWebSocket ws =
        (executor == null
                ? WebSocket.connectAsync(server.uri("/"), options(), listener)
                : WebSocket.connectAsync(server.uri("/"), options(), listener, executor))
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    serverWrites.run();
    ws.closeFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return error.getNow(null);
  }

  /** onMessage sends it back; onError closes the app; the run ends with the connection. */
  private Throwable appEcho(Runnable serverWrites) throws Exception {
    CompletableFuture<Throwable> error = new CompletableFuture<>();
    WebSocketApp app =
        WebSocketApp.builder(server.uri("/"))
            .options(options())
            .onMessage((a, m) -> echo(a, m.text()))
            .onError(
                (a, e) -> {
                  error.complete(e);
                  a.close();
                })
            .build();
    WebSocketApp.Handle handle = app.start();
    serverWrites.run();
    assertEquals(true, handle.await(WAIT), "runForever ended");
    return error.getNow(null);
  }

  private static void echo(WebSocketApp app, String text) {
    try {
      app.send(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A handler of the Netty user's: writes each text back, and a close frame on an exception. */
  private Throwable nettyEcho(Runnable serverWrites) throws Exception {
    CompletableFuture<Void>[] upgraded = newFutures();
    Channel channel =
        new Bootstrap()
            .group(nettyUserGroup)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    upgraded[0] = WebSocketHandlers.install(ch, server.uri("/"), options());
                    ch.pipeline()
                        .addLast(
                            new SimpleChannelInboundHandler<Frame>() {
                              @Override
                              protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
                                if (frame.opcode() == Opcode.TEXT) {
                                  ctx.writeAndFlush(Frame.text(frame.text()));
                                }
                              }

                              @Override
                              public void exceptionCaught(
                                  ChannelHandlerContext ctx, Throwable cause) {
                                ctx.writeAndFlush(Frame.close(CloseStatus.NORMAL, ""));
                              }
                            });
                  }
                })
            .connect("127.0.0.1", server.port())
            .sync()
            .channel();
    upgraded[0].get(WAIT.toSeconds(), TimeUnit.SECONDS);
    serverWrites.run();
    channel.closeFuture().await(WAIT.toMillis());
    return null;
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<Void>[] newFutures() {
    return new CompletableFuture[1];
  }

  @Test
  void aSendAfterTheClientsOwnCloseSaysTheClientClosedIt() {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          server = TestWebSocketServer.echo();
          WebSocket ws = WebSocket.connect(server.uri("/"), options());
          ws.close(4001, "custom");
          WebSocketConnectionClosedException e =
              assertThrows(WebSocketConnectionClosedException.class, () -> ws.send("late"));
          assertEquals("Connection closed by the client: 4001 \"custom\"", e.getMessage());
          assertEquals(4001, e.status());
          assertEquals("custom", e.reason());
        });
  }
}
