package dev.websocket.client.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-process HTTP/2 server that takes WebSockets as streams (RFC 8441), built on Netty's own
 * HTTP/2 and WebSocket codecs, so the client is checked against an implementation independent of
 * ours. TLS with ALPN h2, or h2c with prior knowledge; on 127.0.0.1 at a free port.
 *
 * <p>Each stream answers the extended CONNECT with 200 (or the status set), then echoes text and
 * binary messages and answers pings and a close (close frame, then END_STREAM). The text {@code
 * reset} makes it reset the stream (RST_STREAM INTERNAL_ERROR), {@code goaway} makes it send GOAWAY
 * (NO_ERROR) and close the connection, {@code close} makes it start the close handshake with 1000,
 * {@code flood N SIZE} makes it send N binary messages of SIZE bytes, message i made of the byte i,
 * all at once (HTTP/2 flow control then paces them). A redirecting server answers some paths with a
 * 307 instead. Every stream is recorded ({@link Stream}); connections are counted.
 */
public final class Http2TestServer implements AutoCloseable {

  /** What one stream saw. */
  public static final class Stream {
    /** The request HEADERS. */
    public final Http2Headers request;

    /** Completes when the client ended its half (END_STREAM). */
    public final CompletableFuture<Void> endStream = new CompletableFuture<>();

    /** Completes with the error code of the client's RST_STREAM. */
    public final CompletableFuture<Long> reset = new CompletableFuture<>();

    /** Completes with the status code of the client's close frame. */
    public final CompletableFuture<Integer> closeFrame = new CompletableFuture<>();

    /** Completes when the stream channel closed. */
    public final CompletableFuture<Void> closed = new CompletableFuture<>();

    Stream(Http2Headers request) {
      this.request = request;
    }
  }

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  private final boolean tls;
  private final int status;

  /** The Location to send a request's {@code :path} to with a 307, or null to answer it. */
  private final Function<String, String> redirects;

  private final List<Stream> streams = new CopyOnWriteArrayList<>();
  private final List<Channel> connections = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();

  private Http2TestServer(boolean tls, boolean connectProtocol, long maxStreams, int status) {
    this(tls, connectProtocol, maxStreams, status, path -> null);
  }

  private Http2TestServer(
      boolean tls,
      boolean connectProtocol,
      long maxStreams,
      int status,
      Function<String, String> redirects) {
    this.tls = tls;
    this.status = status;
    this.redirects = redirects;
    SslContext ssl = tls ? serverContext() : null;
    Http2Settings settings = Http2Settings.defaultSettings().maxConcurrentStreams(maxStreams);
    if (connectProtocol) {
      settings.connectProtocolEnabled(true);
    }
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    accepted.incrementAndGet();
                    connections.add(ch);
                    ch.closeFuture().addListener(f -> connections.remove(ch));
                    if (ssl != null) {
                      // A client that does not offer h2 by ALPN still gets h2: these tests always
                      // ask for it.
                      ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forServer().initialSettings(settings).build());
                    ch.pipeline()
                        .addLast(
                            new Http2MultiplexHandler(
                                new ChannelInitializer<Channel>() {
                                  @Override
                                  protected void initChannel(Channel stream) {
                                    stream.pipeline().addLast(new StreamHandshake());
                                  }
                                }));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
  }

  /** A server over TLS (ALPN h2) with the extended CONNECT enabled. */
  public static Http2TestServer tls() {
    return new Http2TestServer(true, true, Integer.MAX_VALUE, 200);
  }

  /** A clear-text (h2c) server with the extended CONNECT enabled. */
  public static Http2TestServer clearText() {
    return new Http2TestServer(false, true, Integer.MAX_VALUE, 200);
  }

  /** A TLS server allowing {@code maxStreams} concurrent streams per connection. */
  public static Http2TestServer tlsWithStreamLimit(long maxStreams) {
    return new Http2TestServer(true, true, maxStreams, 200);
  }

  /** A clear-text (h2c) server that answers every extended CONNECT with {@code status}. */
  public static Http2TestServer clearTextAnswering(int status) {
    return new Http2TestServer(false, true, Integer.MAX_VALUE, status);
  }

  /** A TLS server that answers every extended CONNECT with {@code status}. */
  public static Http2TestServer tlsAnswering(int status) {
    return new Http2TestServer(true, true, Integer.MAX_VALUE, status);
  }

  /**
   * A TLS server that answers an extended CONNECT whose {@code :path} {@code locations} maps to a
   * Location with a 307 to it, and takes the others as {@link #tls()} does.
   */
  public static Http2TestServer tlsRedirecting(Function<String, String> locations) {
    return new Http2TestServer(true, true, Integer.MAX_VALUE, 200, locations);
  }

  private static SslContext serverContext() {
    TestIdentity identity = TestCertificates.get().server();
    try {
      return SslContextBuilder.forServer(
              identity.certificatePem().toFile(), identity.privateKeyPem().toFile())
          .applicationProtocolConfig(
              new ApplicationProtocolConfig(
                  ApplicationProtocolConfig.Protocol.ALPN,
                  ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                  ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                  ApplicationProtocolNames.HTTP_2))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port it listens on, at 127.0.0.1. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** {@code wss://127.0.0.1:PORT/path} or {@code ws://...}. */
  public String url(String path) {
    return (tls ? "wss" : "ws") + "://127.0.0.1:" + port() + path;
  }

  /** Every stream so far, in the order opened. */
  public List<Stream> streams() {
    return streams;
  }

  /** TCP connections accepted since the start. */
  public int acceptedConnections() {
    return accepted.get();
  }

  /** TCP connections open now. */
  public int openConnections() {
    return connections.size();
  }

  /**
   * Waits until every connection open now has closed; false if one is still open after {@code
   * timeout}.
   */
  public boolean awaitConnectionsClosed(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Channel connection : List.copyOf(connections)) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !connection.closeFuture().await(left, TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    for (Channel connection : connections) {
      connection.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /**
   * Answers the extended CONNECT, then makes the stream a WebSocket (or leaves it after a refusal).
   */
  private final class StreamHandshake extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof Http2HeadersFrame)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      Stream stream = new Stream(((Http2HeadersFrame) msg).headers());
      streams.add(stream);
      ctx.channel().closeFuture().addListener(f -> stream.closed.complete(null));
      String location = redirects.apply(stream.request.path().toString());
      Http2Headers answer = new DefaultHttp2Headers().status(String.valueOf(status));
      if (location != null) {
        answer.status("307").set("location", location);
      }
      boolean refuse = location != null || status < 200 || status > 299;
      ctx.writeAndFlush(new DefaultHttp2HeadersFrame(answer, refuse));
      if (refuse) {
        return;
      }
      ctx.pipeline()
          .addLast(
              new DataAdapter(stream),
              new WebSocket08FrameEncoder(false),
              new WebSocket08FrameDecoder(true, false, 64 * 1024 * 1024),
              new Echo(stream));
      ctx.pipeline().remove(this);
    }
  }

  /** DATA frames to bytes and back; records END_STREAM and RST_STREAM. */
  private static final class DataAdapter extends ChannelDuplexHandler {
    private final Stream stream;

    DataAdapter(Stream stream) {
      this.stream = stream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Http2DataFrame) {
        Http2DataFrame data = (Http2DataFrame) msg;
        if (data.isEndStream()) {
          stream.endStream.complete(null);
        }
        ctx.fireChannelRead(data.content());
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof Http2ResetFrame) {
        stream.reset.complete(((Http2ResetFrame) event).errorCode());
      }
      ReferenceCountUtil.release(event);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      ctx.write(msg instanceof ByteBuf ? new DefaultHttp2DataFrame((ByteBuf) msg) : msg, promise);
    }
  }

  /** Echoes messages, answers pings and a close, and runs the test commands. */
  private static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Stream stream;

    Echo(Stream stream) {
      this.stream = stream;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof PingWebSocketFrame) {
        ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
      } else if (frame instanceof CloseWebSocketFrame) {
        int code = ((CloseWebSocketFrame) frame).statusCode();
        stream.closeFrame.complete(code);
        ctx.write(new CloseWebSocketFrame(code == -1 ? 1000 : code, ""));
        ctx.writeAndFlush(new DefaultHttp2DataFrame(true));
      } else if (frame instanceof TextWebSocketFrame
          && command(ctx, ((TextWebSocketFrame) frame).text())) {
        return;
      } else if (!(frame instanceof PongWebSocketFrame)) {
        ctx.writeAndFlush(frame.retain());
      }
    }

    private static boolean command(ChannelHandlerContext ctx, String text) {
      switch (text) {
        case "reset":
          ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR));
          return true;
        case "goaway":
          ctx.channel()
              .parent()
              .writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR))
              .addListener(f -> ctx.channel().parent().close());
          return true;
        case "close":
          ctx.writeAndFlush(new CloseWebSocketFrame(1000, "server closes"));
          return true;
        default:
          if (text.startsWith("flood ")) {
            String[] countAndSize = text.split(" ");
            int size = Integer.parseInt(countAndSize[2]);
            for (int i = 0; i < Integer.parseInt(countAndSize[1]); i++) {
              byte[] payload = new byte[size];
              Arrays.fill(payload, (byte) i);
              ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)));
            }
            ctx.flush();
            return true;
          }
          return false;
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
