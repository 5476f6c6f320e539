package dev.websocket.client;

import dev.websocket.client.internal.HeaderText;
import dev.websocket.codec.FrameDecoderConfig;
import dev.websocket.codec.deflate.PerMessageDeflateConfig;
import dev.websocket.proxy.ProxyConfig;
import dev.websocket.proxy.ProxyEnvironment;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.CookieHandler;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything about one connection that is not in its URL: the handshake's headers, timeouts, proxy,
 * TLS, limits and transport (the keyword arguments of Python's {@code create_connection}).
 * Immutable; every default is a named constant below, and {@link #DEFAULT} holds them all.
 */
public final class ConnectOptions {

  /** Redirects followed before giving up (Python's {@code redirect_limit}). */
  public static final int DEFAULT_REDIRECT_LIMIT = 3;

  /**
   * Connect and handshake time limit when no timeout is set anywhere: a server that accepts TCP and
   * never answers must not hang the caller forever.
   */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** How long {@code close()} waits for the server's close frame, as in the Python library. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(3);

  /**
   * Received bytes buffered for a blocking reader before the client stops reading from the socket
   * (TCP flow control then slows the server): 4 MiB, a few large messages.
   */
  public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

  /** Bytes queued for sending before a send blocks until the socket drains: 1 MiB. */
  public static final int DEFAULT_SEND_BUFFER_BYTES = 1024 * 1024;

  /**
   * Whether connects race a name's IPv6 and IPv4 addresses (RFC 8305, "Happy Eyeballs"): on, so a
   * host whose IPv6 route is broken costs one {@link #DEFAULT_HAPPY_EYEBALLS_DELAY}, not a whole
   * connect timeout.
   */
  public static final boolean DEFAULT_HAPPY_EYEBALLS = true;

  /**
   * How long a connect attempt has before the next address is tried beside it: 250 ms, the value
   * RFC 8305 section 5 recommends. An attempt that fails sooner starts the next one at once.
   */
  public static final Duration DEFAULT_HAPPY_EYEBALLS_DELAY = Duration.ofMillis(250);

  /** The shortest attempt delay accepted: 10 ms, below which RFC 8305 section 5 says not to go. */
  public static final Duration MIN_HAPPY_EYEBALLS_DELAY = Duration.ofMillis(10);

  /** The defaults. */
  public static final ConnectOptions DEFAULT = builder().build();

  private final List<Map.Entry<String, String>> headers;
  private final Supplier<? extends Map<String, String>> headerSupplier;
  private final String cookie;
  private final CookieHandler cookieHandler;
  private final String origin;
  private final boolean suppressOrigin;
  private final String host;
  private final List<String> subprotocols;
  private final int redirectLimit;
  private final Duration timeout;
  private final Duration closeTimeout;
  private final ProxyConfig proxy;
  private final List<String> noProxy;
  private final boolean proxyFromEnvironment;
  private final ProxyEnvironment proxyEnvironment;
  private final TlsOptions tls;
  private final Supplier<byte[]> maskKeySupplier;
  private final boolean skipUtf8Validation;
  private final boolean fireContFrame;
  private final PerMessageDeflateConfig deflate;
  private final Http2Mode http2;
  private final int maxFrameSize;
  private final int maxMessageSize;
  private final int receiveBufferBytes;
  private final int sendBufferBytes;
  private final Map<ChannelOption<?>, Object> socketOptions;
  private final EventLoopGroup eventLoopGroup;
  private final Bootstrap bootstrap;
  private final SocketChannel socket;
  private final Set<String> sensitiveHeaders;
  private final boolean happyEyeballs;
  private final boolean ioOnCallerThread;
  private final Duration happyEyeballsDelay;

  private ConnectOptions(Builder b) {
    this.headers = List.copyOf(b.headers);
    this.headerSupplier = b.headerSupplier;
    this.cookie = b.cookie;
    this.cookieHandler = b.cookieHandler;
    this.origin = b.origin;
    this.suppressOrigin = b.suppressOrigin;
    this.host = b.host;
    this.subprotocols = List.copyOf(b.subprotocols);
    this.redirectLimit = b.redirectLimit;
    this.timeout = b.timeout;
    this.closeTimeout = b.closeTimeout;
    this.proxy = b.proxy;
    this.noProxy = List.copyOf(b.noProxy);
    this.proxyFromEnvironment = b.proxyFromEnvironment;
    this.proxyEnvironment = b.proxyEnvironment;
    this.tls = b.tls;
    this.maskKeySupplier = b.maskKeySupplier;
    this.skipUtf8Validation = b.skipUtf8Validation;
    this.fireContFrame = b.fireContFrame;
    this.deflate = b.deflate;
    this.http2 = b.http2;
    this.maxFrameSize = b.maxFrameSize;
    this.maxMessageSize = b.maxMessageSize;
    this.receiveBufferBytes = b.receiveBufferBytes;
    this.sendBufferBytes = b.sendBufferBytes;
    this.socketOptions = Collections.unmodifiableMap(new LinkedHashMap<>(b.socketOptions));
    this.eventLoopGroup = b.eventLoopGroup;
    this.bootstrap = b.bootstrap;
    this.socket = b.socket;
    this.sensitiveHeaders = Set.copyOf(b.sensitiveHeaders);
    this.happyEyeballs = b.happyEyeballs;
    this.ioOnCallerThread = b.ioOnCallerThread;
    this.happyEyeballsDelay = b.happyEyeballsDelay;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Extra handshake headers, in order, as given with {@link Builder#header}. */
  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** Headers computed at every connect and reconnect (a fresh token, say), or null. */
  public Supplier<? extends Map<String, String>> headerSupplier() {
    return headerSupplier;
  }

  /** The Cookie header's value, or null. */
  public String cookie() {
    return cookie;
  }

  /**
   * Where handshake cookies are kept, or null (the default) for {@link CookieHandler#getDefault()}
   * when the application installed one, and no jar otherwise.
   */
  public CookieHandler cookieHandler() {
    return cookieHandler;
  }

  /** The Origin header's value, or null for the default {@code http(s)://host[:port]}. */
  public String origin() {
    return origin;
  }

  /** Whether no Origin header is sent at all. */
  public boolean suppressOrigin() {
    return suppressOrigin;
  }

  /** The Host header's value, or null for the URL's host (and port when not the default). */
  public String host() {
    return host;
  }

  /** Subprotocols offered in Sec-WebSocket-Protocol, in order of preference. */
  public List<String> subprotocols() {
    return subprotocols;
  }

  /** Redirects followed at most. */
  public int redirectLimit() {
    return redirectLimit;
  }

  /**
   * The time limit for connect, handshake and each receive, or null to use {@link
   * WebSocket#defaultTimeout()} (and, when that is null too, {@link #DEFAULT_CONNECT_TIMEOUT} for
   * connecting and no limit on receiving).
   */
  public Duration timeout() {
    return timeout;
  }

  /** How long a close waits for the server's close frame. */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** The proxy to use, or null to consult the environment (unless turned off). */
  public ProxyConfig proxy() {
    return proxy;
  }

  /**
   * Hosts reached without a proxy, in {@code no_proxy} syntax; added to the environment's {@code
   * no_proxy} list (which stays in force when this one is empty).
   */
  public List<String> noProxy() {
    return noProxy;
  }

  /**
   * Whether {@code http_proxy}, {@code https_proxy} and {@code no_proxy} are consulted when no
   * proxy is set.
   */
  public boolean proxyFromEnvironment() {
    return proxyFromEnvironment;
  }

  /**
   * Where {@code http_proxy}, {@code https_proxy}, {@code all_proxy} and {@code no_proxy} are read,
   * or null (the default) for the process environment at each connect.
   */
  public ProxyEnvironment proxyEnvironment() {
    return proxyEnvironment;
  }

  /** TLS settings for wss. */
  public TlsOptions tls() {
    return tls;
  }

  /** The user's mask key function, or null for SecureRandom keys. */
  public Supplier<byte[]> maskKeySupplier() {
    return maskKeySupplier;
  }

  /** Whether received text and close reasons go unchecked as UTF-8. */
  public boolean skipUtf8Validation() {
    return skipUtf8Validation;
  }

  /** Whether fragments are delivered one by one instead of as whole messages. */
  public boolean fireContFrame() {
    return fireContFrame;
  }

  /** Whether permessage-deflate is offered. */
  public boolean compression() {
    return deflate.isEnabled();
  }

  /** The permessage-deflate settings offered (see {@link Builder#deflate}). */
  public PerMessageDeflateConfig deflate() {
    return deflate;
  }

  /**
   * Whether the WebSocket may, or must, run as a stream of a shared HTTP/2 connection (RFC 8441).
   */
  public Http2Mode http2() {
    return http2;
  }

  /** The largest frame accepted, in bytes. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /** The largest message accepted (after decompression), in bytes. */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /** Received bytes buffered before reading from the socket pauses. */
  public int receiveBufferBytes() {
    return receiveBufferBytes;
  }

  /** Queued outgoing bytes before a send waits. */
  public int sendBufferBytes() {
    return sendBufferBytes;
  }

  /** Socket options (Python's {@code sockopt}); TCP_NODELAY is on unless set here. */
  public Map<ChannelOption<?>, Object> socketOptions() {
    return socketOptions;
  }

  /** The user's event loop group, or null for the shared one. */
  public EventLoopGroup eventLoopGroup() {
    return eventLoopGroup;
  }

  /**
   * The user's bootstrap, or null. Its group, channel type, options and resolver are used (cloned
   * per connect); its handler is replaced by the client's.
   */
  public Bootstrap bootstrap() {
    return bootstrap;
  }

  /** A socket already connected to the server (Python's {@code socket=}), or null. */
  public SocketChannel socket() {
    return socket;
  }

  /**
   * Header names (lower case) whose values the trace shows as {@code ***}, besides Authorization,
   * Proxy-Authorization, Cookie and Set-Cookie, which it always hides.
   */
  public Set<String> sensitiveHeaders() {
    return sensitiveHeaders;
  }

  /**
   * Whether a host name's addresses are raced (RFC 8305): resolved all, IPv6 and IPv4 taken in
   * turn, the next started {@link #happyEyeballsDelay()} after the previous unless that one already
   * failed, the first to connect used and the others closed. Applies to the connect to the server
   * or, through a proxy, to the proxy.
   */
  public boolean happyEyeballs() {
    return happyEyeballs;
  }

  /** How long a connect attempt has before the next address is tried beside it. */
  public Duration happyEyeballsDelay() {
    return happyEyeballsDelay;
  }

  /**
   * Whether the blocking {@link WebSocket} runs its socket I/O on the threads that call it; see
   * {@link Builder#ioOnCallerThread(boolean)}.
   */
  public boolean ioOnCallerThread() {
    return ioOnCallerThread;
  }

  @Override
  public String toString() {
    return "ConnectOptions{headers="
        + headers.size()
        + ", headerSupplier="
        + (headerSupplier != null)
        + ", cookie="
        + (cookie == null ? null : "(set)")
        + ", cookieHandler="
        + (cookieHandler != null)
        + ", origin="
        + origin
        + ", suppressOrigin="
        + suppressOrigin
        + ", host="
        + host
        + ", subprotocols="
        + subprotocols
        + ", redirectLimit="
        + redirectLimit
        + ", timeout="
        + timeout
        + ", closeTimeout="
        + closeTimeout
        + ", proxy="
        + proxy
        + ", noProxy="
        + noProxy
        + ", proxyFromEnvironment="
        + proxyFromEnvironment
        + ", proxyEnvironment="
        + (proxyEnvironment == null ? "system" : proxyEnvironment)
        + ", tls="
        + tls
        + ", maskKeySupplier="
        + (maskKeySupplier != null)
        + ", skipUtf8Validation="
        + skipUtf8Validation
        + ", fireContFrame="
        + fireContFrame
        + ", deflate="
        + deflate
        + ", http2="
        + http2
        + ", maxFrameSize="
        + maxFrameSize
        + ", maxMessageSize="
        + maxMessageSize
        + ", receiveBufferBytes="
        + receiveBufferBytes
        + ", sendBufferBytes="
        + sendBufferBytes
        + ", socketOptions="
        + socketOptions
        + ", eventLoopGroup="
        + (eventLoopGroup != null)
        + ", bootstrap="
        + (bootstrap != null)
        + ", socket="
        + (socket != null)
        + ", sensitiveHeaders="
        + sensitiveHeaders
        + ", happyEyeballs="
        + happyEyeballs
        + ", happyEyeballsDelay="
        + happyEyeballsDelay
        + ", ioOnCallerThread="
        + ioOnCallerThread
        + '}';
  }

  /** Builds {@link ConnectOptions}. */
  public static final class Builder {
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private Supplier<? extends Map<String, String>> headerSupplier;
    private String cookie;
    private CookieHandler cookieHandler;
    private String origin;
    private boolean suppressOrigin;
    private String host;
    private List<String> subprotocols = List.of();
    private int redirectLimit = DEFAULT_REDIRECT_LIMIT;
    private Duration timeout;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private ProxyConfig proxy;
    private List<String> noProxy = List.of();
    private boolean proxyFromEnvironment = true;
    private ProxyEnvironment proxyEnvironment;
    private TlsOptions tls = TlsOptions.DEFAULT;
    private Supplier<byte[]> maskKeySupplier;
    private boolean skipUtf8Validation;
    private boolean fireContFrame;
    private PerMessageDeflateConfig deflate = PerMessageDeflateConfig.DEFAULT;
    private Http2Mode http2 = Http2Mode.OFF;
    private int maxFrameSize = FrameDecoderConfig.DEFAULT_MAX_FRAME_SIZE;
    private int maxMessageSize = FrameDecoderConfig.DEFAULT_MAX_MESSAGE_SIZE;
    private int receiveBufferBytes = DEFAULT_RECEIVE_BUFFER_BYTES;
    private int sendBufferBytes = DEFAULT_SEND_BUFFER_BYTES;
    private final Map<ChannelOption<?>, Object> socketOptions = new LinkedHashMap<>();
    private EventLoopGroup eventLoopGroup;
    private Bootstrap bootstrap;
    private SocketChannel socket;
    private final Set<String> sensitiveHeaders = new LinkedHashSet<>();
    private boolean happyEyeballs = DEFAULT_HAPPY_EYEBALLS;
    private boolean ioOnCallerThread;
    private Duration happyEyeballsDelay = DEFAULT_HAPPY_EYEBALLS_DELAY;

    private Builder() {}

    private Builder(ConnectOptions o) {
      headers.addAll(o.headers);
      headerSupplier = o.headerSupplier;
      cookie = o.cookie;
      cookieHandler = o.cookieHandler;
      origin = o.origin;
      suppressOrigin = o.suppressOrigin;
      host = o.host;
      subprotocols = o.subprotocols;
      redirectLimit = o.redirectLimit;
      timeout = o.timeout;
      closeTimeout = o.closeTimeout;
      proxy = o.proxy;
      noProxy = o.noProxy;
      proxyFromEnvironment = o.proxyFromEnvironment;
      proxyEnvironment = o.proxyEnvironment;
      tls = o.tls;
      maskKeySupplier = o.maskKeySupplier;
      skipUtf8Validation = o.skipUtf8Validation;
      fireContFrame = o.fireContFrame;
      deflate = o.deflate;
      http2 = o.http2;
      maxFrameSize = o.maxFrameSize;
      maxMessageSize = o.maxMessageSize;
      receiveBufferBytes = o.receiveBufferBytes;
      sendBufferBytes = o.sendBufferBytes;
      socketOptions.putAll(o.socketOptions);
      eventLoopGroup = o.eventLoopGroup;
      bootstrap = o.bootstrap;
      socket = o.socket;
      sensitiveHeaders.addAll(o.sensitiveHeaders);
      happyEyeballs = o.happyEyeballs;
      ioOnCallerThread = o.ioOnCallerThread;
      happyEyeballsDelay = o.happyEyeballsDelay;
    }

    /**
     * Names a header whose value the trace ({@link WebSocket#enableTrace}) shows as {@code ***}, in
     * the request and in the response, like the credential headers it always hides (Authorization,
     * Proxy-Authorization, Cookie, Set-Cookie): an API key header, say. Case does not matter.
     */
    public Builder sensitiveHeader(String name) {
      HeaderText.checkToken("Header name", Objects.requireNonNull(name, "name"));
      sensitiveHeaders.add(name.toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Adds a handshake header; a header of the same name as one the client writes (Origin, Host...)
     * replaces it. Called twice with one name, it sends both lines, in order (Python's header
     * list).
     *
     * @throws IllegalArgumentException if the name is not an HTTP token or the value has a control
     *     character (CR or LF would inject headers)
     */
    public Builder header(String name, String value) {
      HeaderText.checkHeader(
          Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      headers.add(Map.entry(name, value));
      return this;
    }

    /** Adds every header of the map, in its iteration order. */
    public Builder headers(Map<String, String> headers) {
      headers.forEach(this::header);
      return this;
    }

    /** Headers computed again at every connect and reconnect; values are checked for CR/LF then. */
    public Builder headers(Supplier<? extends Map<String, String>> supplier) {
      this.headerSupplier = Objects.requireNonNull(supplier, "supplier");
      return this;
    }

    /**
     * The Cookie header (Python's {@code cookie}), sent to the host of the URL only; cookies of a
     * {@link #cookieHandler} that match are added after it.
     */
    public Builder cookie(String cookie) {
      HeaderText.check("Cookie", cookie);
      this.cookie = cookie;
      return this;
    }

    /**
     * Keep handshake cookies in this jar, e.g. a {@link java.net.CookieManager}: the Set-Cookie
     * headers of every handshake response (a redirect's included) are stored in it, and the cookies
     * that match a request's URL (wss matched as https) are sent with it, after {@link #cookie}.
     * Default null: {@link CookieHandler#getDefault()} when the application installed one, else
     * none.
     */
    public Builder cookieHandler(CookieHandler cookieHandler) {
      this.cookieHandler = cookieHandler;
      return this;
    }

    /** The Origin header (default {@code http://host[:port]}, https for wss). */
    public Builder origin(String origin) {
      HeaderText.check("Origin", origin);
      this.origin = origin;
      return this;
    }

    /** Send no Origin header (Python's {@code suppress_origin}). */
    public Builder suppressOrigin(boolean suppress) {
      this.suppressOrigin = suppress;
      return this;
    }

    /** The Host header (default the URL's host, with the port when not the scheme's default). */
    public Builder host(String host) {
      HeaderText.check("Host", host);
      this.host = host;
      return this;
    }

    /**
     * Subprotocols to offer, in order of preference.
     *
     * @throws IllegalArgumentException if a name is not an HTTP token ({@code "chat, admin"} is two
     *     names, {@code ""} none)
     */
    public Builder subprotocols(String... subprotocols) {
      for (String p : subprotocols) {
        HeaderText.checkToken("Subprotocol", p);
      }
      this.subprotocols = List.of(subprotocols);
      return this;
    }

    /**
     * Redirects to follow at most (default {@value #DEFAULT_REDIRECT_LIMIT}; 0 follows none). A
     * redirect is followed only to a {@code ws://} or {@code wss://} URL (never to a Unix socket or
     * another scheme) and never from wss to ws. Credentials go only to the first URL's origin
     * (scheme, host and port): a redirect elsewhere drops the Authorization, Proxy-Authorization
     * and Cookie headers, the cookie and the URL's user info; other custom headers are sent on, as
     * curl and browsers do.
     */
    public Builder redirectLimit(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("redirectLimit must not be negative: " + limit);
      }
      this.redirectLimit = limit;
      return this;
    }

    /**
     * Time limit for connect, handshake and each receive (default {@link
     * WebSocket#defaultTimeout()}).
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive("timeout", timeout);
      return this;
    }

    /** How long a close waits for the server's close frame (default 3 s). */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("closeTimeout must not be negative: " + timeout);
      }
      return this;
    }

    /** Connect through this proxy. */
    public Builder proxy(ProxyConfig proxy) {
      this.proxy = proxy;
      return this;
    }

    /**
     * Hosts to reach directly, in {@code no_proxy} syntax: names, {@code .domain} suffixes, IPs,
     * CIDR blocks, {@code host:port}, {@code *}. They are added to the environment's {@code
     * no_proxy} list (unless {@link #proxyFromEnvironment} is off), and apply to an explicit proxy
     * too.
     */
    public Builder noProxy(String... hosts) {
      this.noProxy = List.of(hosts);
      return this;
    }

    /**
     * Consult {@code http_proxy}/{@code https_proxy}/{@code no_proxy} when no proxy is set (default
     * true).
     */
    public Builder proxyFromEnvironment(boolean consult) {
      this.proxyFromEnvironment = consult;
      return this;
    }

    /**
     * Read the proxy variables from this environment instead of the process's (for settings the
     * application keeps elsewhere, or tests); default null, the process environment.
     */
    public Builder proxyEnvironment(ProxyEnvironment environment) {
      this.proxyEnvironment = environment;
      return this;
    }

    /** TLS settings for wss (default: full verification). */
    public Builder tls(TlsOptions tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /**
     * Mask keys from this function (Python's {@code get_mask_key}); each call must return 4 bytes.
     *
     * <p>As in Python, it is called for every frame on the thread that sends it: for each frame you
     * send, on your thread during the send, and that frame goes out with the key returned then; for
     * the frames the client sends by itself (the pong answering a ping, the close frame answering
     * the server's or failing the connection), on the connection's I/O thread. It may therefore be
     * called from two threads at once. A failing call fails the send that made it and the
     * connection with 1011.
     */
    public Builder maskKeySupplier(Supplier<byte[]> supplier) {
      this.maskKeySupplier = supplier;
      return this;
    }

    /** Do not check received text as UTF-8 (default false). */
    public Builder skipUtf8Validation(boolean skip) {
      this.skipUtf8Validation = skip;
      return this;
    }

    /** Deliver fragments one by one rather than joined (default false). */
    public Builder fireContFrame(boolean fire) {
      this.fireContFrame = fire;
      return this;
    }

    /**
     * Offer permessage-deflate (default true), with the settings of {@link #deflate} otherwise
     * unchanged.
     */
    public Builder compression(boolean offer) {
      this.deflate = deflate.toBuilder().enabled(offer).build();
      return this;
    }

    /**
     * The permessage-deflate settings (RFC 7692): window bits asked of each side, context takeover,
     * the smallest message worth compressing, the compression level. Default {@link
     * PerMessageDeflateConfig#DEFAULT}; {@link PerMessageDeflateConfig#DISABLED} offers none.
     */
    public Builder deflate(PerMessageDeflateConfig config) {
      this.deflate = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * WebSocket over HTTP/2 (RFC 8441): {@link Http2Mode#OFF} (the default) upgrades an HTTP/1.1
     * connection of its own; {@link Http2Mode#PREFER} opens a stream of an HTTP/2 connection shared
     * by every WebSocket with the same origin, TLS options and proxy when the server can, and falls
     * back to HTTP/1.1 when it cannot; {@link Http2Mode#REQUIRE} fails instead.
     */
    public Builder http2(Http2Mode mode) {
      this.http2 = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The largest frame accepted, in bytes (default 64 MiB). */
    public Builder maxFrameSize(int bytes) {
      this.maxFrameSize = bytes;
      return this;
    }

    /** The largest message accepted after decompression, in bytes (default 64 MiB). */
    public Builder maxMessageSize(int bytes) {
      this.maxMessageSize = bytes;
      return this;
    }

    /** Received bytes buffered before reading pauses (default 4 MiB). */
    public Builder receiveBufferBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("receiveBufferBytes must be positive: " + bytes);
      }
      this.receiveBufferBytes = bytes;
      return this;
    }

    /** Queued outgoing bytes before a send waits (default 1 MiB). */
    public Builder sendBufferBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("sendBufferBytes must be positive: " + bytes);
      }
      this.sendBufferBytes = bytes;
      return this;
    }

    /**
     * A socket option, e.g. {@code ChannelOption.SO_KEEPALIVE, true} (Python's {@code sockopt}).
     */
    public <T> Builder socketOption(ChannelOption<T> option, T value) {
      socketOptions.put(
          Objects.requireNonNull(option, "option"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Run the connection on this event loop group instead of the shared one. */
    public Builder eventLoopGroup(EventLoopGroup group) {
      this.eventLoopGroup = group;
      return this;
    }

    /**
     * Connect with this bootstrap's group, channel type and options (it is cloned per connect, and
     * its handler replaced by the client's); for users who tune their own transport.
     */
    public Builder bootstrap(Bootstrap bootstrap) {
      this.bootstrap = bootstrap;
      return this;
    }

    /** Speak WebSocket over this already connected socket (Python's {@code socket=}). */
    public Builder socket(SocketChannel socket) {
      this.socket = socket;
      return this;
    }

    /**
     * Race a host name's IPv6 and IPv4 addresses (RFC 8305, "Happy Eyeballs"; default {@value
     * #DEFAULT_HAPPY_EYEBALLS}); false connects to the first address the resolver returns, and
     * waits for it up to the connect timeout.
     */
    public Builder happyEyeballs(boolean race) {
      this.happyEyeballs = race;
      return this;
    }

    /**
     * How long a connect attempt has before the next address is tried beside it (default {@link
     * #DEFAULT_HAPPY_EYEBALLS_DELAY}, 250 ms).
     *
     * @throws IllegalArgumentException if shorter than {@link #MIN_HAPPY_EYEBALLS_DELAY} (10 ms)
     */
    public Builder happyEyeballsDelay(Duration delay) {
      Objects.requireNonNull(delay, "delay");
      if (delay.compareTo(MIN_HAPPY_EYEBALLS_DELAY) < 0) {
        throw new IllegalArgumentException(
            "happyEyeballsDelay must be at least 10 ms (RFC 8305 section 5): " + delay);
      }
      this.happyEyeballsDelay = delay;
      return this;
    }

    /**
     * For the blocking {@link WebSocket}: run the connection's socket I/O on the threads that call
     * it, as Python's library does, instead of on the shared event loop (default false). The thread
     * waiting in {@code recv} reads the socket itself and a {@code send} writes it itself, so a
     * round trip wakes one thread instead of three: lower latency and less CPU per message, for
     * one-at-a-time exchanges. A stream of sends without waiting is faster on the shared loop,
     * which flushes many messages with one system call where here each send is one.
     *
     * <p>What it changes: while no thread is in a call of the WebSocket, one daemon thread shared
     * by all such WebSockets runs each twice a second, so pings are answered, and a server's close
     * seen, within half a second rather than at once. Each such WebSocket has a poller of its own
     * (an epoll or NIO selector: three file descriptors), freed when the connection ends. A virtual
     * thread waiting on the socket would hold its carrier, so a connect made on a virtual thread
     * keeps the shared loop; so should connections that virtual threads will call. A {@link
     * WebSocketApp} stands on a blocking WebSocket, so its {@code runForever} thread, which waits
     * in {@code recv} between callbacks, does its I/O. Ignored by the async door, with a user's
     * {@link #eventLoopGroup}, {@link #bootstrap} or {@link #socket}, and over HTTP/2 (where
     * WebSockets share a connection's loop).
     */
    public Builder ioOnCallerThread(boolean on) {
      this.ioOnCallerThread = on;
      return this;
    }

    /** The options. */
    public ConnectOptions build() {
      // Each header rule is checked as the options are built, not when a connect writes them.
      HeaderText.checkHeaders(headers);
      if (maxMessageSize < maxFrameSize) {
        maxFrameSize = Math.max(maxMessageSize, 125);
      }
      return new ConnectOptions(this);
    }

    private static Duration positive(String what, Duration d) {
      if (d != null && (d.isNegative() || d.isZero())) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
