package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.websocket.client.internal.Transports;
import dev.websocket.client.testing.RecordedRequest;
import dev.websocket.client.testing.TestWebSocketServer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the bytes go: TCP on the shared event loops (epoll when available), a Unix domain socket, a
 * socket the user connected, the user's own event loop group, and socket options.
 */
class TransportTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestWebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static void echo(WebSocket ws, String text) throws Exception {
    ws.send(text);
    assertEquals(text, ws.recv().text());
  }

  @Test
  void unixSocketEcho(@TempDir Path dir) throws Exception {
    assumeTrue(TestWebSocketServer.unixSocketsAvailable(), "Unix domain sockets need native epoll");
    server = TestWebSocketServer.builder().unixSocket(dir.resolve("ws.sock")).start();
    String url = "ws+unix://" + server.unixSocket() + ":/chat?room=1";
    try (WebSocket ws = WebSocket.connect(url)) {
      echo(ws, "over a Unix socket");
      RecordedRequest request = server.awaitRequests(1, WAIT).get(0);
      assertEquals("/chat?room=1", request.uri());
      assertEquals("localhost", request.header("Host"));
    }
  }

  @Test
  void unixSocketWithoutRequestPathAsksForSlash(@TempDir Path dir) throws Exception {
    assumeTrue(TestWebSocketServer.unixSocketsAvailable(), "Unix domain sockets need native epoll");
    server = TestWebSocketServer.builder().unixSocket(dir.resolve("ws.sock")).start();
    try (WebSocket ws = WebSocket.connect("ws+unix://" + server.unixSocket())) {
      echo(ws, "root");
      assertEquals("/", server.awaitRequests(1, WAIT).get(0).uri());
    }
  }

  @Test
  void preConnectedSocketCarriesTheConnection() throws Exception {
    server = TestWebSocketServer.echo();
    SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
    ConnectOptions options = ConnectOptions.builder().socket(socket).build();
    try (WebSocket ws = WebSocket.connect(server.uri("/given"), options)) {
      echo(ws, "on your socket");
      assertEquals("/given", server.awaitRequests(1, WAIT).get(0).uri());
      assertEquals(1, server.connections().size());
    }
    assertFalse(socket.isOpen(), "closing the WebSocket closes the socket it was given");
  }

  @Test
  void preConnectedSocketGetsTheSocketOptions() throws Exception {
    server = TestWebSocketServer.echo();
    SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
    ConnectOptions options =
        ConnectOptions.builder()
            .socket(socket)
            .socketOption(ChannelOption.SO_KEEPALIVE, true)
            .sendBufferBytes(256 * 1024)
            .build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      Channel channel = ws.connection().channel();
      assertTrue(
          channel.config().getOption(ChannelOption.TCP_NODELAY), "TCP_NODELAY is on by default");
      assertTrue(channel.config().getOption(ChannelOption.SO_KEEPALIVE));
      assertEquals(256 * 1024, channel.config().getWriteBufferHighWaterMark());
      echo(ws, "configured");
    }
  }

  @Test
  void preConnectedSocketRunsOnTheUsersNioGroup() throws Exception {
    server = TestWebSocketServer.echo();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("user-loop", true), NioIoHandler.newFactory());
    try {
      SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
      ConnectOptions options =
          ConnectOptions.builder().socket(socket).eventLoopGroup(group).build();
      try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
        assertSame(group, ws.connection().channel().eventLoop().parent());
        echo(ws, "my socket on my loop");
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void sharedEventLoopsAreDaemonAndNativeWhenAvailable() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      Channel channel = ws.connection().channel();
      assertSame(Transports.sharedGroup(), channel.eventLoop().parent());
      assertTrue(
          channel
              .eventLoop()
              .submit(() -> Thread.currentThread().isDaemon())
              .get(10, TimeUnit.SECONDS),
          "an idle client must not keep the JVM alive");
      Class<? extends Channel> expected =
          Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
      assertEquals(expected, channel.getClass());
      echo(ws, "shared");
    }
  }

  @Test
  void sendBufferBytesSetsTheWriteBufferHighWaterMark() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws =
        WebSocket.connect(
            server.uri("/"), ConnectOptions.builder().sendBufferBytes(256 * 1024).build())) {
      assertEquals(256 * 1024, ws.connection().channel().config().getWriteBufferHighWaterMark());
    }
  }

  @Test
  void userEventLoopGroupRunsTheConnection() throws Exception {
    server = TestWebSocketServer.echo();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("user-loop", true), NioIoHandler.newFactory());
    try {
      ConnectOptions options = ConnectOptions.builder().eventLoopGroup(group).build();
      try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
        Channel channel = ws.connection().channel();
        assertSame(group, channel.eventLoop().parent());
        assertInstanceOf(NioSocketChannel.class, channel);
        echo(ws, "on my loop");
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void userEpollEventLoopGroupGetsAnEpollChannel() throws Exception {
    assumeTrue(Epoll.isAvailable(), "native epoll is not available here");
    server = TestWebSocketServer.echo();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("user-epoll", true), EpollIoHandler.newFactory());
    try {
      ConnectOptions options = ConnectOptions.builder().eventLoopGroup(group).build();
      try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
        assertInstanceOf(EpollSocketChannel.class, ws.connection().channel());
        echo(ws, "on my epoll loop");
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void tcpNoDelayIsOnByDefault() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      assertTrue(ws.connection().channel().config().getOption(ChannelOption.TCP_NODELAY));
    }
  }

  @Test
  void socketOptionsAreApplied() throws Exception {
    server = TestWebSocketServer.echo();
    ConnectOptions options =
        ConnectOptions.builder()
            .socketOption(ChannelOption.SO_KEEPALIVE, true)
            .socketOption(ChannelOption.TCP_NODELAY, false)
            .build();
    try (WebSocket ws = WebSocket.connect(server.uri("/"), options)) {
      assertTrue(ws.connection().channel().config().getOption(ChannelOption.SO_KEEPALIVE));
      assertFalse(ws.connection().channel().config().getOption(ChannelOption.TCP_NODELAY));
      echo(ws, "with options");
    }
  }

  @Test
  void keepAliveIsOffUnlessAsked() throws Exception {
    server = TestWebSocketServer.echo();
    try (WebSocket ws = WebSocket.connect(server.uri("/"))) {
      assertFalse(ws.connection().channel().config().getOption(ChannelOption.SO_KEEPALIVE));
    }
  }
}
