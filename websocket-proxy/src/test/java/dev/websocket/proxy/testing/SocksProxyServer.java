package dev.websocket.proxy.testing;

import dev.websocket.proxy.ProxyConfig;
import dev.websocket.proxy.ProxyType;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.socksx.SocksMessage;
import io.netty.handler.codec.socksx.SocksPortUnificationServerHandler;
import io.netty.handler.codec.socksx.v4.DefaultSocks4CommandResponse;
import io.netty.handler.codec.socksx.v4.Socks4CommandRequest;
import io.netty.handler.codec.socksx.v4.Socks4CommandStatus;
import io.netty.handler.codec.socksx.v4.Socks4CommandType;
import io.netty.handler.codec.socksx.v5.DefaultSocks5CommandResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5InitialResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5PasswordAuthResponse;
import io.netty.handler.codec.socksx.v5.Socks5AddressType;
import io.netty.handler.codec.socksx.v5.Socks5AuthMethod;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequest;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5CommandStatus;
import io.netty.handler.codec.socksx.v5.Socks5CommandType;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequest;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequest;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthStatus;
import io.netty.util.NetUtil;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SOCKS proxy on {@code 127.0.0.1} and an ephemeral port that speaks SOCKS4, SOCKS4a and SOCKS5
 * on the same port (Netty's {@link SocksPortUnificationServerHandler} picks by the first byte).
 *
 * <p>By default it accepts any client, connects to the requested destination and relays bytes both
 * ways; if the destination cannot be reached it answers SOCKS5 "connection refused" (reply 5) or
 * "host unreachable" (4), or SOCKS4 "rejected or failed" (91). The builder scripts the rest:
 *
 * <pre>{@code
 * SocksProxyServer.builder().password("alice", "s3cret").start();  // SOCKS5 needs RFC 1929
 * SocksProxyServer.builder().userId("alice").start();              // SOCKS4 user id must match
 * SocksProxyServer.builder().socks5Reply(Socks5CommandStatus.FORBIDDEN).start();
 * SocksProxyServer.builder().socks4Reply(Socks4CommandStatus.REJECTED_OR_FAILED).start();
 * SocksProxyServer.builder().stall().start();                      // read, never answer
 * SocksProxyServer.builder().closeWithoutAnswer().start();         // read, then close
 * }</pre>
 *
 * <p>Every CONNECT request is recorded ({@link #requests()}) with the form of its destination
 * address, so a test can tell a resolved address (SOCKS4, SOCKS5) from a name (SOCKS4a, SOCKS5h).
 */
public final class SocksProxyServer implements AutoCloseable {

  private final Builder settings;
  private final List<SocksRequest> requests = new CopyOnWriteArrayList<>();
  private final LoopbackServer server;
  private final Dialer dialer;

  private SocksProxyServer(Builder settings) {
    this.settings = settings;
    this.server =
        new LoopbackServer(
            "socks-proxy",
            channel ->
                channel
                    .pipeline()
                    .addLast(new SocksPortUnificationServerHandler())
                    .addLast(new SocksHandler()));
    this.dialer = new Dialer(settings.aliases, server);
  }

  /** A builder for a proxy that tunnels without authentication. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a proxy that tunnels every request, without authentication. */
  public static SocksProxyServer start() {
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

  /**
   * A {@link ProxyConfig} of the given SOCKS type for this proxy, without credentials.
   *
   * @throws IllegalArgumentException for {@link ProxyType#HTTP}
   */
  public ProxyConfig proxy(ProxyType type) {
    if (type == ProxyType.HTTP) {
      throw new IllegalArgumentException("this is a SOCKS proxy");
    }
    return ProxyConfig.of(type, host(), port());
  }

  /** Every CONNECT request received so far, oldest first. */
  public List<SocksRequest> requests() {
    return List.copyOf(requests);
  }

  /** Stops listening and closes every connection, including relayed ones. */
  @Override
  public void close() {
    server.close();
  }

  /** Settings for a {@link SocksProxyServer}. */
  public static final class Builder {
    private String user;
    private String password;
    private String userId;
    private Socks5CommandStatus socks5Reply = Socks5CommandStatus.SUCCESS;
    private Socks4CommandStatus socks4Reply = Socks4CommandStatus.SUCCESS;
    private boolean stall;
    private boolean close;
    private final Map<String, InetAddress> aliases = new HashMap<>();

    private Builder() {}

    /**
     * Requires RFC 1929 username/password authentication from SOCKS5 clients: a client that does
     * not offer it gets "no acceptable methods" (0xFF), one with other credentials gets status 1
     * (failure); either way the connection is then closed.
     */
    public Builder password(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Requires this user id from SOCKS4 clients; others get reply 93 ("identd reported a different
     * user id"), which is what a SOCKS4 server answers when the ids differ.
     */
    public Builder userId(String userId) {
      this.userId = Objects.requireNonNull(userId, "userId");
      return this;
    }

    /**
     * Answers every SOCKS5 CONNECT with this status instead of tunnelling, unless it is SUCCESS.
     */
    public Builder socks5Reply(Socks5CommandStatus status) {
      this.socks5Reply = Objects.requireNonNull(status, "status");
      return this;
    }

    /**
     * Answers every SOCKS4 CONNECT with this status instead of tunnelling, unless it is SUCCESS.
     */
    public Builder socks4Reply(Socks4CommandStatus status) {
      this.socks4Reply = Objects.requireNonNull(status, "status");
      return this;
    }

    /**
     * Reads the client's first message (the SOCKS5 greeting or the SOCKS4 request) and never
     * answers, to test handshake timeouts.
     */
    public Builder stall() {
      this.stall = true;
      return this;
    }

    /**
     * Reads the client's first message and closes the connection without a word; reading first
     * makes the close a clean FIN, never a reset.
     */
    public Builder closeWithoutAnswer() {
      this.close = true;
      return this;
    }

    /**
     * Resolves {@code name} (any case) to {@code address} when a client asks to connect to it: a
     * name only this proxy knows, which proves that the client sent the name unresolved.
     */
    public Builder alias(String name, InetAddress address) {
      aliases.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(address, "address"));
      return this;
    }

    /** Starts the proxy; it listens once this returns. */
    public SocksProxyServer start() {
      return new SocksProxyServer(this);
    }
  }

  /**
   * Runs the server side of one SOCKS conversation. The decoders that {@link
   * SocksPortUnificationServerHandler} installs stay in the pipeline: once they have decoded their
   * message they pass later bytes through untouched.
   */
  private final class SocksHandler extends SimpleChannelInboundHandler<SocksMessage> {

    /** The RFC 1929 user name this connection authenticated with, or empty. */
    private String authenticatedUser = "";

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SocksMessage message) {
      if (!message.decoderResult().isSuccess()) {
        ctx.close();
      } else if (message instanceof Socks4CommandRequest) {
        onSocks4(ctx, (Socks4CommandRequest) message);
      } else if (message instanceof Socks5InitialRequest) {
        onGreeting(ctx, (Socks5InitialRequest) message);
      } else if (message instanceof Socks5PasswordAuthRequest) {
        onPassword(ctx, (Socks5PasswordAuthRequest) message);
      } else if (message instanceof Socks5CommandRequest) {
        onSocks5(ctx, (Socks5CommandRequest) message);
      } else {
        ctx.close();
      }
    }

    private void onSocks4(ChannelHandlerContext ctx, Socks4CommandRequest request) {
      requests.add(
          new SocksRequest(
              4,
              NetUtil.isValidIpV4Address(request.dstAddr())
                  ? SocksRequest.AddressType.IPV4
                  : SocksRequest.AddressType.DOMAIN,
              request.dstAddr(),
              request.dstPort(),
              request.userId()));
      if (stalledOrClosed(ctx)) {
        return;
      }
      Socks4CommandStatus refusal = settings.socks4Reply;
      if (settings.userId != null && !settings.userId.equals(request.userId())) {
        refusal = Socks4CommandStatus.IDENTD_AUTH_FAILURE;
      } else if (request.type() != Socks4CommandType.CONNECT) {
        refusal = Socks4CommandStatus.REJECTED_OR_FAILED;
      }
      if (refusal != Socks4CommandStatus.SUCCESS) {
        answerAndClose(ctx, new DefaultSocks4CommandResponse(refusal));
        return;
      }
      dialer
          .dial(ctx.channel(), request.dstAddr(), request.dstPort())
          .addListener(
              (ChannelFuture connect) -> {
                if (!connect.isSuccess()) {
                  answerAndClose(
                      ctx,
                      new DefaultSocks4CommandResponse(Socks4CommandStatus.REJECTED_OR_FAILED));
                  return;
                }
                ctx.writeAndFlush(new DefaultSocks4CommandResponse(Socks4CommandStatus.SUCCESS));
                startRelay(ctx, connect.channel());
              });
    }

    private void onGreeting(ChannelHandlerContext ctx, Socks5InitialRequest greeting) {
      if (stalledOrClosed(ctx)) {
        return;
      }
      Socks5AuthMethod wanted =
          settings.user != null ? Socks5AuthMethod.PASSWORD : Socks5AuthMethod.NO_AUTH;
      if (!greeting.authMethods().contains(wanted)) {
        answerAndClose(ctx, new DefaultSocks5InitialResponse(Socks5AuthMethod.UNACCEPTED));
        return;
      }
      // The next message is the RFC 1929 request or the CONNECT; its decoder goes first so it
      // sees the bytes before the (now pass-through) greeting decoder.
      ctx.pipeline()
          .addFirst(
              wanted == Socks5AuthMethod.PASSWORD
                  ? new Socks5PasswordAuthRequestDecoder()
                  : new Socks5CommandRequestDecoder());
      ctx.writeAndFlush(new DefaultSocks5InitialResponse(wanted));
    }

    private void onPassword(ChannelHandlerContext ctx, Socks5PasswordAuthRequest auth) {
      if (!settings.user.equals(auth.username()) || !settings.password.equals(auth.password())) {
        answerAndClose(
            ctx, new DefaultSocks5PasswordAuthResponse(Socks5PasswordAuthStatus.FAILURE));
        return;
      }
      authenticatedUser = auth.username();
      ctx.pipeline().addFirst(new Socks5CommandRequestDecoder());
      ctx.writeAndFlush(new DefaultSocks5PasswordAuthResponse(Socks5PasswordAuthStatus.SUCCESS));
    }

    private void onSocks5(ChannelHandlerContext ctx, Socks5CommandRequest request) {
      requests.add(
          new SocksRequest(
              5,
              addressType(request.dstAddrType()),
              request.dstAddr(),
              request.dstPort(),
              authenticatedUser));
      Socks5CommandStatus refusal = settings.socks5Reply;
      if (request.type() != Socks5CommandType.CONNECT) {
        refusal = Socks5CommandStatus.COMMAND_UNSUPPORTED;
      }
      if (refusal != Socks5CommandStatus.SUCCESS) {
        answerAndClose(ctx, socks5Response(refusal));
        return;
      }
      dialer
          .dial(ctx.channel(), request.dstAddr(), request.dstPort())
          .addListener(
              (ChannelFuture connect) -> {
                if (!connect.isSuccess()) {
                  answerAndClose(ctx, socks5Response(failureStatus(connect.cause())));
                  return;
                }
                ctx.writeAndFlush(socks5Response(Socks5CommandStatus.SUCCESS));
                startRelay(ctx, connect.channel());
              });
    }

    private boolean stalledOrClosed(ChannelHandlerContext ctx) {
      if (settings.close) {
        ctx.close();
      }
      return settings.stall || settings.close;
    }

    private void startRelay(ChannelHandlerContext ctx, Channel destination) {
      ctx.pipeline().remove(this);
      Dialer.splice(ctx.channel(), destination);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static SocksRequest.AddressType addressType(Socks5AddressType type) {
    if (type == Socks5AddressType.DOMAIN) {
      return SocksRequest.AddressType.DOMAIN;
    }
    return type == Socks5AddressType.IPv6
        ? SocksRequest.AddressType.IPV6
        : SocksRequest.AddressType.IPV4;
  }

  private static Socks5CommandStatus failureStatus(Throwable cause) {
    if (cause instanceof ConnectException) {
      return Socks5CommandStatus.CONNECTION_REFUSED;
    }
    if (cause instanceof UnknownHostException) {
      return Socks5CommandStatus.HOST_UNREACHABLE;
    }
    return Socks5CommandStatus.FAILURE;
  }

  /** A reply with an all-zero bound address: Netty's client, like most, ignores it. */
  private static DefaultSocks5CommandResponse socks5Response(Socks5CommandStatus status) {
    return new DefaultSocks5CommandResponse(status, Socks5AddressType.IPv4, "0.0.0.0", 0);
  }

  private static void answerAndClose(ChannelHandlerContext ctx, Object response) {
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
