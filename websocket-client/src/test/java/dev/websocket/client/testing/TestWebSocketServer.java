package dev.websocket.client.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process WebSocket server for client tests, built on Netty's own HTTP decoder and WebSocket
 * frame codec so the client is checked against an implementation independent of ours.
 *
 * <p>By default it echoes every text and binary message (whole, with its opcode) on 127.0.0.1 at a
 * free port, answers pings, and answers a close. Through {@link #builder()} it can instead answer
 * the handshake with any script ({@link UpgradeResponse}), take steps after the handshake ({@link
 * ServerAction}), serve TLS, or listen on a Unix socket. It records every handshake request and
 * every frame the client sends, exactly as sent, and lets a test wait for them:
 *
 * <pre>{@code
 * try (TestWebSocketServer server = TestWebSocketServer.builder()
 *     .respond(UpgradeResponse.accept().withFirstOfferedSubprotocol())
 *     .start()) {
 *   // connect a client to server.uri("/chat") ...
 *   RecordedRequest handshake = server.awaitRequests(1, Duration.ofSeconds(5)).get(0);
 *   List<RecordedFrame> frames = server.awaitFrames(2, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>{@link #close()} closes every connection and shuts the event loop down, so nothing outlives
 * the test.
 */
public final class TestWebSocketServer implements AutoCloseable {

  private final TestServerConfig config;
  private final ServerTransport transport;
  private final HandshakeScript script;
  private final ServerEvents events = new ServerEvents();
  private final AtomicInteger nextConnectionId = new AtomicInteger();
  private final Channel serverChannel;

  TestWebSocketServer(TestServerConfig config) {
    this.config = config;
    this.script = new HandshakeScript(config);
    this.transport = ServerTransport.forConfig(config);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(transport.group)
            .channel(transport.channelClass)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (config.http2) {
                      Http2ServerPipeline.init(
                          ch, nextConnectionId::getAndIncrement, events, script, config);
                      return;
                    }
                    ServerConnection connection =
                        new ServerConnection(
                            nextConnectionId.getAndIncrement(), ch, config, events);
                    events.connections.add(connection);
                    ServerPipeline.init(ch, connection, script, config);
                  }
                });
    if (transport.tcp) {
      bootstrap.childOption(ChannelOption.TCP_NODELAY, true);
    }
    if (config.receiveBufferSize > 0) {
      bootstrap.childOption(ChannelOption.SO_RCVBUF, config.receiveBufferSize);
    }
    if (config.sendBufferSize > 0) {
      bootstrap.childOption(ChannelOption.SO_SNDBUF, config.sendBufferSize);
    }
    try {
      this.serverChannel = bootstrap.bind(transport.bindAddress).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      transport.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      throw e;
    }
  }

  /** A builder with the defaults: echo on 127.0.0.1, port 0, plain TCP. */
  public static TestServerConfig.Builder builder() {
    return new TestServerConfig.Builder();
  }

  /** Starts a default echo server. */
  public static TestWebSocketServer echo() {
    return builder().start();
  }

  /** Whether {@link TestServerConfig.Builder#unixSocket(Path)} can work here (native epoll). */
  public static boolean unixSocketsAvailable() {
    return ServerTransport.unixSocketsAvailable();
  }

  // ---- where it listens ----

  /** The bound TCP port. */
  public int port() {
    if (!(serverChannel.localAddress() instanceof InetSocketAddress address)) {
      throw new IllegalStateException("This server listens on a Unix socket: " + unixSocket());
    }
    return address.getPort();
  }

  /** The Unix socket path this server listens on, or {@code null} for TCP. */
  public Path unixSocket() {
    return config.unixSocket == null ? null : config.unixSocket.toAbsolutePath();
  }

  /**
   * Whether this server takes WebSockets as HTTP/2 streams ({@link
   * TestServerConfig.Builder#http2()}).
   */
  public boolean isHttp2() {
    return config.http2;
  }

  /** Whether this server speaks TLS. */
  public boolean isTls() {
    return config.sslContext != null;
  }

  /**
   * The URL of {@code path} on this server: {@code ws://127.0.0.1:PORT/path} ({@code wss} with TLS,
   * {@code [::1]} when bound there). On a Unix socket it is {@code ws+unix://SOCKET:/path}, the
   * form the client accepts.
   */
  public String uri(String path) {
    String p = path.startsWith("/") ? path : "/" + path;
    if (config.unixSocket != null) {
      return (isTls() ? "wss" : "ws") + "+unix://" + unixSocket() + ":" + p;
    }
    String host =
        config.bindAddress instanceof Inet6Address
            ? "[" + config.bindAddress.getHostAddress() + "]"
            : config.bindAddress.getHostAddress();
    return uri(host, p);
  }

  /** As {@link #uri(String)} with another host name for the same port, e.g. {@code localhost}. */
  public String uri(String host, String path) {
    String p = path.startsWith("/") ? path : "/" + path;
    return (isTls() ? "wss" : "ws") + "://" + host + ":" + port() + p;
  }

  // ---- changing the script while running ----

  /** Answers requests for {@code path} with this from now on (e.g. a redirect naming our port). */
  public TestWebSocketServer respond(String path, UpgradeResponse response) {
    script.route(path, response);
    return this;
  }

  /** Answers requests for every other path with this from now on. */
  public TestWebSocketServer respond(UpgradeResponse response) {
    script.defaultResponse(response);
    return this;
  }

  // ---- what it has seen ----

  /** The handshake requests received so far, in order. */
  public List<RecordedRequest> requests() {
    return events.requests.snapshot();
  }

  /** Waits until at least {@code count} requests arrived; returns them all. */
  public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
    return events.requests.awaitSize(count, timeout);
  }

  /** Every frame received so far on any connection, in arrival order per connection. */
  public List<RecordedFrame> frames() {
    return events.frames.snapshot();
  }

  /** Waits until at least {@code count} frames arrived; returns them all. */
  public List<RecordedFrame> awaitFrames(int count, Duration timeout) {
    return events.frames.awaitSize(count, timeout);
  }

  /** Forgets the frames recorded so far (e.g. between the phases of a long test). */
  public void clearFrames() {
    events.frames.clear();
  }

  /** The connections accepted so far, in order. */
  public List<ServerConnection> connections() {
    return events.connections.snapshot();
  }

  /** Waits until at least {@code count} connections were accepted; returns them all. */
  public List<ServerConnection> awaitConnections(int count, Duration timeout) {
    return events.connections.awaitSize(count, timeout);
  }

  /** Waits for the first connection and for its 101 to be written; returns it. */
  public ServerConnection awaitUpgradedConnection(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ServerConnection first = awaitConnections(1, timeout).get(0);
    ServerConnection.await(
        first.upgraded(),
        Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
        "the upgrade");
    return first;
  }

  /**
   * Errors seen on the server side: refused TLS handshakes, protocol violations found by Netty's
   * decoder (unmasked frame, bad UTF-8, ...), handshake requests that were not upgrades.
   */
  public List<Throwable> errors() {
    return events.errors.snapshot();
  }

  /** Waits until at least {@code count} server-side errors were recorded; returns them all. */
  public List<Throwable> awaitErrors(int count, Duration timeout) {
    return events.errors.awaitSize(count, timeout);
  }

  /** Text and binary messages received (whole, after reassembly). */
  public int messagesReceived() {
    return events.messagesReceived.get();
  }

  /** Pings received. */
  public int pingsReceived() {
    return events.pingsReceived.get();
  }

  /** Pongs sent in answer to pings. */
  public int pongsSent() {
    return events.pongsSent.get();
  }

  /** Pongs received. */
  public int pongsReceived() {
    return events.pongsReceived.get();
  }

  // ---- acting on every connection ----

  /** Stops reading on every open connection (backpressure on the client's sends). */
  public void pauseReading() {
    connections()
        .forEach(
            c -> ServerConnection.await(c.pauseReading(), Duration.ofSeconds(5), "pausing " + c));
  }

  /** Reads again on every open connection. */
  public void resumeReading() {
    connections()
        .forEach(
            c -> ServerConnection.await(c.resumeReading(), Duration.ofSeconds(5), "resuming " + c));
  }

  /** Closes the listener and every connection, and shuts the event loop down. */
  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    for (ServerConnection c : connections()) {
      if (config.http2) {
        // the TCP connection, with every stream and all data still waiting for window
        c.channel().parent().close();
      } else {
        c.closeTcp();
      }
    }
    // quiet period 0: nothing more is expected, and the test should not wait for it
    transport.group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Override
  public String toString() {
    return "TestWebSocketServer{" + serverChannel.localAddress() + (isTls() ? " tls" : "") + "}";
  }
}
