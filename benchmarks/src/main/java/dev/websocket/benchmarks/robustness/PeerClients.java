package dev.websocket.benchmarks.robustness;

import dev.websocket.testing.hostile.HostileClient;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.ByteString;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.java_websocket.handshake.ServerHandshake;

/**
 * The peers of the benchmarks as {@link HostileClient}s, each with its defaults and its own way of
 * not reading: Netty turns auto-read off once upgraded; the JDK and Jetty request no more messages;
 * OkHttp and Java-WebSocket, which have no flow control, get a callback that does not return (the
 * application is busy). Reading means taking each message and dropping it.
 */
final class PeerClients {

  /** The peers' keys, in table order. */
  static final List<String> KEYS = List.of("netty", "jdk", "okhttp", "java-websocket", "jetty");

  private PeerClients() {}

  static HostileClient client(String key) {
    switch (key) {
      case "netty":
        return PeerClients::netty;
      case "jdk":
        return PeerClients::jdk;
      case "okhttp":
        return PeerClients::okhttp;
      case "java-websocket":
        return PeerClients::javaWebSocket;
      case "jetty":
        return PeerClients::jetty;
      default:
        throw new IllegalArgumentException("unknown client " + key + "; one of " + KEYS);
    }
  }

  /** Blocks a callback for good: what a busy application does to a library without flow control. */
  private static void busyForever() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String error(Throwable t) {
    return "error: " + t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  private static CompletableFuture<String> netty(String url, boolean read) throws Exception {
    CompletableFuture<String> end = new CompletableFuture<>();
    CompletableFuture<Void> upgraded = new CompletableFuture<>();
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(new URI(url))
            .version(WebSocketVersion.V13)
            .customHeaders(new DefaultHttpHeaders())
            .build();
    ChannelInboundHandlerAdapter app =
        new ChannelInboundHandlerAdapter() {
          @Override
          public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt
                == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
              if (!read) {
                ctx.channel().config().setAutoRead(false);
              }
              upgraded.complete(null);
            }
            ctx.fireUserEventTriggered(evt);
          }

          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof CloseWebSocketFrame close) {
              end.complete("closed " + close.statusCode());
            }
            ReferenceCountUtil.release(msg);
          }

          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            upgraded.completeExceptionally(cause);
            end.complete(error(cause));
            ctx.close();
          }

          @Override
          public void channelInactive(ChannelHandlerContext ctx) {
            upgraded.completeExceptionally(
                new IllegalStateException("closed during the handshake"));
            end.complete("connection closed");
          }
        };
    URI uri = new URI(url);
    Channel channel =
        new Bootstrap()
            .group(new NioEventLoopGroup(1))
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpClientCodec(),
                            new HttpObjectAggregator(8192),
                            new WebSocketClientProtocolHandler(config),
                            app);
                  }
                })
            .connect(uri.getHost(), uri.getPort())
            .sync()
            .channel();
    upgraded.get(30, TimeUnit.SECONDS);
    channel.closeFuture().addListener(f -> end.complete("connection closed"));
    return end;
  }

  private static CompletableFuture<String> jdk(String url, boolean read) throws Exception {
    CompletableFuture<String> end = new CompletableFuture<>();
    HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .buildAsync(
            URI.create(url),
            new java.net.http.WebSocket.Listener() {
              @Override
              public void onOpen(java.net.http.WebSocket ws) {
                if (read) {
                  ws.request(Long.MAX_VALUE);
                }
              }

              @Override
              public CompletionStage<?> onBinary(
                  java.net.http.WebSocket ws, ByteBuffer data, boolean last) {
                return null;
              }

              @Override
              public CompletionStage<?> onClose(
                  java.net.http.WebSocket ws, int statusCode, String reason) {
                end.complete("closed " + statusCode);
                return null;
              }

              @Override
              public void onError(java.net.http.WebSocket ws, Throwable error) {
                end.complete(error(error));
              }
            })
        .get(30, TimeUnit.SECONDS);
    return end;
  }

  private static CompletableFuture<String> okhttp(String url, boolean read) {
    CompletableFuture<String> end = new CompletableFuture<>();
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    client.newWebSocket(
        new Request.Builder().url(url.replaceFirst("^ws", "http")).build(),
        new okhttp3.WebSocketListener() {
          @Override
          public void onMessage(okhttp3.WebSocket ws, ByteString bytes) {
            if (!read) {
              busyForever();
            }
          }

          @Override
          public void onClosing(okhttp3.WebSocket ws, int code, String reason) {
            end.complete("closed " + code);
          }

          @Override
          public void onFailure(okhttp3.WebSocket ws, Throwable t, Response response) {
            end.complete(response != null ? "failed: HTTP " + response.code() : error(t));
          }
        });
    return end;
  }

  private static CompletableFuture<String> javaWebSocket(String url, boolean read)
      throws Exception {
    CompletableFuture<String> end = new CompletableFuture<>();
    org.java_websocket.client.WebSocketClient client =
        new org.java_websocket.client.WebSocketClient(URI.create(url)) {
          @Override
          public void onOpen(ServerHandshake handshake) {}

          @Override
          public void onMessage(String message) {}

          @Override
          public void onMessage(ByteBuffer bytes) {
            if (!read) {
              busyForever();
            }
          }

          @Override
          public void onClose(int code, String reason, boolean remote) {
            end.complete("closed " + code + (reason.isEmpty() ? "" : ": " + reason));
          }

          @Override
          public void onError(Exception ex) {
            end.complete(error(ex));
          }
        };
    if (!client.connectBlocking(30, TimeUnit.SECONDS)) {
      return CompletableFuture.completedFuture(end.getNow("failed: not connected"));
    }
    return end;
  }

  private static CompletableFuture<String> jetty(String url, boolean read) throws Exception {
    org.eclipse.jetty.websocket.client.WebSocketClient client =
        new org.eclipse.jetty.websocket.client.WebSocketClient();
    client.start();
    JettyListener listener = new JettyListener(read);
    client.connect(listener, URI.create(url)).get(30, TimeUnit.SECONDS);
    return listener.end;
  }

  /**
   * Demands a frame after each one when reading, never when not. Public: Jetty finds its methods
   * reflectively.
   */
  public static final class JettyListener implements Session.Listener {
    final CompletableFuture<String> end = new CompletableFuture<>();
    private final boolean read;
    private volatile Session session;

    JettyListener(boolean read) {
      this.read = read;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
      if (read) {
        session.demand();
      }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      callback.succeed();
      session.demand();
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
      session.demand();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      end.complete(
          "closed " + statusCode + (reason == null || reason.isEmpty() ? "" : ": " + reason));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      end.complete(error(cause));
    }
  }
}
