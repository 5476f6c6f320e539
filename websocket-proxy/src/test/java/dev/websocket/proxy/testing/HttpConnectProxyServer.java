package dev.websocket.proxy.testing;

import dev.websocket.proxy.ProxyConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP CONNECT proxy (RFC 9110 section 9.3.6) on {@code 127.0.0.1} and an ephemeral port.
 *
 * <p>By default it connects to the requested {@code host:port} and, once connected, answers {@code
 * 200 Connection established} and relays bytes both ways; if the destination cannot be reached it
 * answers {@code 502 Bad Gateway}. The builder scripts the rest:
 *
 * <pre>{@code
 * HttpConnectProxyServer.builder().basicAuth("alice", "s3cret").start(); // 407 without them
 * HttpConnectProxyServer.builder().reply(403, "Forbidden").start();       // refuse every CONNECT
 * HttpConnectProxyServer.builder().stall().start();                       // read, never answer
 * HttpConnectProxyServer.builder().closeWithoutAnswer().start();          // read, then close
 * }</pre>
 *
 * <p>Every request is recorded ({@link #requests()}) before it is answered, so once a client sees
 * the answer (or times out) the record is there.
 */
public final class HttpConnectProxyServer implements AutoCloseable {

  /** The largest request head accepted, in bytes; CONNECT requests are a few hundred. */
  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  private final Builder settings;
  private final List<HttpConnectRequest> requests = new CopyOnWriteArrayList<>();
  private final LoopbackServer server;
  private final Dialer dialer;

  private HttpConnectProxyServer(Builder settings) {
    this.settings = settings;
    this.server =
        new LoopbackServer(
            "http-connect-proxy",
            channel ->
                channel
                    .pipeline()
                    .addLast(new HttpServerCodec())
                    .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                    .addLast(new ConnectHandler()));
    this.dialer = new Dialer(settings.aliases, server);
  }

  /** A builder for a proxy that tunnels without authentication. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a proxy that tunnels every CONNECT, without authentication. */
  public static HttpConnectProxyServer start() {
    return builder().start();
  }

  /** The listening address. */
  public InetSocketAddress address() {
    return server.address();
  }

  /** The listening host, {@code 127.0.0.1}. */
  public String host() {
    return server.address().getAddress().getHostAddress();
  }

  /** The listening port. */
  public int port() {
    return server.address().getPort();
  }

  /** A {@link ProxyConfig} for this proxy, without credentials. */
  public ProxyConfig proxy() {
    return ProxyConfig.http(host(), port());
  }

  /** Every request received so far, oldest first. */
  public List<HttpConnectRequest> requests() {
    return List.copyOf(requests);
  }

  /** Stops listening and closes every connection, including relayed ones. */
  @Override
  public void close() {
    server.close();
  }

  /** How the proxy answers a request. */
  private enum Mode {
    TUNNEL,
    REPLY,
    STALL,
    CLOSE
  }

  /** Settings for an {@link HttpConnectProxyServer}. */
  public static final class Builder {
    private String authorization;
    private Mode mode = Mode.TUNNEL;
    private HttpResponseStatus status;
    private final Map<String, InetAddress> aliases = new HashMap<>();

    private Builder() {}

    /**
     * Requires {@code Proxy-Authorization: Basic} with these credentials (UTF-8); a request without
     * them, or with others, gets {@code 407 Proxy Authentication Required} and a {@code
     * Proxy-Authenticate: Basic} challenge, and the connection stays open.
     */
    public Builder basicAuth(String user, String password) {
      String pair = user + ":" + password;
      authorization =
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /**
     * Answers every (authorized) CONNECT with this status and an empty body instead of tunnelling,
     * for example {@code reply(403, "Forbidden")} or {@code reply(502, "Bad Gateway")}; the
     * connection stays open.
     */
    public Builder reply(int code, String reasonPhrase) {
      this.mode = Mode.REPLY;
      this.status = new HttpResponseStatus(code, reasonPhrase);
      return this;
    }

    /** Reads each request and never answers, to test handshake timeouts. */
    public Builder stall() {
      this.mode = Mode.STALL;
      return this;
    }

    /**
     * Reads each request and closes the connection without a word. The request is read first so the
     * close is a clean FIN, never a reset.
     */
    public Builder closeWithoutAnswer() {
      this.mode = Mode.CLOSE;
      return this;
    }

    /**
     * Resolves {@code name} (any case) to {@code address} when a client asks to CONNECT to it: a
     * name only this proxy knows, which proves that the client sent the name unresolved.
     */
    public Builder alias(String name, InetAddress address) {
      aliases.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(address, "address"));
      return this;
    }

    /** Starts the proxy; it listens once this returns. */
    public HttpConnectProxyServer start() {
      return new HttpConnectProxyServer(this);
    }
  }

  /** Answers one CONNECT request per connection as the settings say. */
  private final class ConnectHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      requests.add(record(request));
      if (settings.mode == Mode.STALL) {
        return;
      }
      if (settings.mode == Mode.CLOSE) {
        ctx.close();
        return;
      }
      if (!request.decoderResult().isSuccess()) {
        answerAndClose(ctx, HttpResponseStatus.BAD_REQUEST);
        return;
      }
      if (!HttpMethod.CONNECT.equals(request.method())) {
        answerAndClose(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED);
        return;
      }
      if (settings.authorization != null
          && !settings.authorization.equals(
              request.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION))) {
        FullHttpResponse challenge =
            emptyResponse(HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED);
        challenge.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"proxy\"");
        ctx.writeAndFlush(challenge);
        return;
      }
      if (settings.mode == Mode.REPLY) {
        ctx.writeAndFlush(emptyResponse(settings.status));
        return;
      }
      tunnel(ctx, request.uri());
    }

    private void tunnel(ChannelHandlerContext ctx, String target) {
      int colon = target.lastIndexOf(':');
      int port;
      try {
        port = Integer.parseInt(target.substring(colon + 1));
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        answerAndClose(ctx, HttpResponseStatus.BAD_REQUEST);
        return;
      }
      String host = target.substring(0, Math.max(colon, 0));
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      Channel client = ctx.channel();
      dialer
          .dial(client, host, port)
          .addListener(
              (ChannelFuture connect) -> {
                if (!connect.isSuccess()) {
                  answerAndClose(ctx, HttpResponseStatus.BAD_GATEWAY);
                  return;
                }
                ctx.writeAndFlush(
                    new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        new HttpResponseStatus(200, "Connection established")));
                // The tunnel carries raw bytes from here on: no more HTTP in either direction.
                ctx.pipeline().remove(HttpObjectAggregator.class);
                ctx.pipeline().remove(HttpServerCodec.class);
                ctx.pipeline().remove(this);
                Dialer.splice(client, connect.channel());
              });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static HttpConnectRequest record(FullHttpRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            header ->
                headers
                    .computeIfAbsent(
                        header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(header.getValue()));
    headers.replaceAll((name, values) -> List.copyOf(values));
    return new HttpConnectRequest(request.method().name(), request.uri(), headers);
  }

  private static FullHttpResponse emptyResponse(HttpResponseStatus status) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    return response;
  }

  private static void answerAndClose(ChannelHandlerContext ctx, HttpResponseStatus status) {
    ctx.writeAndFlush(emptyResponse(status)).addListener(ChannelFutureListener.CLOSE);
  }
}
