package dev.websocket.client.testing;

import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything a {@link TestWebSocketServer} is told before it starts. Immutable; made with {@link
 * TestWebSocketServer#builder()}. The defaults make a plain, well-behaved echo server on 127.0.0.1,
 * port 0, without TLS.
 */
public final class TestServerConfig {

  /** Default frame and message size limit: big enough for the 16 MiB conformance cases. */
  public static final int DEFAULT_MAX_PAYLOAD = 64 * 1024 * 1024;

  final InetAddress bindAddress;
  final Path unixSocket;
  final SslContext sslContext;
  final UpgradeResponse defaultResponse;
  final Map<String, UpgradeResponse> routes;
  final Function<RecordedRequest, UpgradeResponse> handshake;
  final PerMessageDeflateServerExtensionHandshaker deflate;
  final List<ServerAction> afterHandshake;
  final boolean echo;
  final boolean swallowPings;
  final ClientCloseReply clientCloseReply;
  final int maxPayload;
  final boolean allowUnmaskedFrames;
  final boolean allowExtensionBits;
  final boolean validateUtf8;
  final boolean recordFrames;
  final boolean pauseReadingAfterHandshake;
  final int receiveBufferSize;
  final int sendBufferSize;
  final boolean http2;

  private TestServerConfig(Builder b) {
    bindAddress = b.bindAddress;
    unixSocket = b.unixSocket;
    sslContext = b.sslContext;
    defaultResponse = b.defaultResponse;
    routes = Map.copyOf(b.routes);
    handshake = b.handshake;
    deflate =
        b.deflate != null || !b.deflateDefaults
            ? b.deflate
            // the limit also caps what a decompressed message may grow to
            : new PerMessageDeflateServerExtensionHandshaker(b.maxPayload);
    afterHandshake = List.copyOf(b.afterHandshake);
    echo = b.echo;
    swallowPings = b.swallowPings;
    clientCloseReply = b.clientCloseReply;
    maxPayload = b.maxPayload;
    allowUnmaskedFrames = b.allowUnmaskedFrames;
    allowExtensionBits = b.allowExtensionBits;
    validateUtf8 = b.validateUtf8;
    recordFrames = b.recordFrames;
    pauseReadingAfterHandshake = b.pauseReadingAfterHandshake;
    receiveBufferSize = b.receiveBufferSize;
    sendBufferSize = b.sendBufferSize;
    http2 = b.http2;
    if (http2 && (sslContext != null || unixSocket != null)) {
      throw new IllegalStateException("The HTTP/2 variant serves h2c on TCP only");
    }
  }

  /** Collects the settings; {@link #start()} binds the server. */
  public static final class Builder {
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private Path unixSocket;
    private SslContext sslContext;
    private UpgradeResponse defaultResponse = UpgradeResponse.accept();
    private final Map<String, UpgradeResponse> routes = new LinkedHashMap<>();
    private Function<RecordedRequest, UpgradeResponse> handshake;
    private PerMessageDeflateServerExtensionHandshaker deflate;
    private boolean deflateDefaults;
    private final List<ServerAction> afterHandshake = new ArrayList<>();
    private boolean echo = true;
    private boolean swallowPings;
    private ClientCloseReply clientCloseReply = ClientCloseReply.ECHO_AND_DISCONNECT;
    private int maxPayload = DEFAULT_MAX_PAYLOAD;
    private boolean allowUnmaskedFrames;
    private boolean allowExtensionBits;
    private boolean validateUtf8 = true;
    private boolean recordFrames = true;
    private boolean pauseReadingAfterHandshake;
    private int receiveBufferSize;
    private int sendBufferSize;
    private boolean http2;

    Builder() {}

    /** Binds this loopback address instead of 127.0.0.1 (e.g. ::1 for IPv6 URL tests). */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address);
      return this;
    }

    /**
     * Listens on a Unix domain socket at this path instead of TCP (needs native epoll; check {@link
     * TestWebSocketServer#unixSocketsAvailable()} first). The file is removed on close.
     */
    public Builder unixSocket(Path path) {
      this.unixSocket = Objects.requireNonNull(path);
      return this;
    }

    /** Serves TLS with this server-side context (e.g. from {@link TestCertificates}). */
    public Builder tls(SslContext serverContext) {
      this.sslContext = Objects.requireNonNull(serverContext);
      return this;
    }

    /** Serves TLS with the CA-signed certificate for localhost, 127.0.0.1 and ::1. */
    public Builder tls() {
      TestCertificates certs = TestCertificates.get();
      return tls(certs.serverContext(certs.server()));
    }

    /** As {@link #tls()}, and the client must present a certificate signed by the test CA. */
    public Builder tlsRequiringClientCertificate() {
      TestCertificates certs = TestCertificates.get();
      return tls(certs.serverContextRequiringClientCertificate(certs.server()));
    }

    /**
     * How requests to any path without its own {@link #respond(String, UpgradeResponse)} are
     * answered.
     */
    public Builder respond(UpgradeResponse response) {
      this.defaultResponse = Objects.requireNonNull(response);
      return this;
    }

    /**
     * How requests whose path (query ignored) equals {@code path} are answered; several routes
     * build redirect chains such as {@code /a} 301 to {@code /b}, 302 to {@code /c}, 101.
     */
    public Builder respond(String path, UpgradeResponse response) {
      routes.put(Objects.requireNonNull(path), Objects.requireNonNull(response));
      return this;
    }

    /**
     * Decides every answer from the recorded request, overriding the routes; for scripts that
     * depend on headers or on how many requests came before.
     */
    public Builder handshake(Function<RecordedRequest, UpgradeResponse> script) {
      this.handshake = Objects.requireNonNull(script);
      return this;
    }

    /** Negotiates permessage-deflate with Netty's server handshaker at its default parameters. */
    public Builder permessageDeflate() {
      this.deflateDefaults = true;
      return this;
    }

    /**
     * Negotiates permessage-deflate with this handshaker (window bits, context takeover) and
     * installs Netty's compressor and decompressor when the client offers it.
     */
    public Builder permessageDeflate(PerMessageDeflateServerExtensionHandshaker handshaker) {
      this.deflate = Objects.requireNonNull(handshaker);
      return this;
    }

    /** Steps to take, in order, on every connection right after the 101 is written. */
    public Builder afterHandshake(ServerAction... actions) {
      afterHandshake.addAll(List.of(actions));
      return this;
    }

    /** Whether text and binary messages are echoed (default true). */
    public Builder echo(boolean echo) {
      this.echo = echo;
      return this;
    }

    /** Counts pings but never answers them with a pong. */
    public Builder swallowPings() {
      this.swallowPings = true;
      return this;
    }

    /** What to do when the client sends a close frame (default: echo it, then close TCP). */
    public Builder onClientClose(ClientCloseReply reply) {
      this.clientCloseReply = Objects.requireNonNull(reply);
      return this;
    }

    /** Largest frame and message accepted from the client; bigger ones fail with 1009. */
    public Builder maxPayload(int bytes) {
      this.maxPayload = bytes;
      return this;
    }

    /**
     * Accepts unmasked frames instead of failing with 1002 (they are still recorded as unmasked).
     */
    public Builder allowUnmaskedFrames() {
      this.allowUnmaskedFrames = true;
      return this;
    }

    /** Accepts RSV bits without a negotiated extension instead of failing with 1002. */
    public Builder allowExtensionBits() {
      this.allowExtensionBits = true;
      return this;
    }

    /** Whether text from the client is checked for UTF-8 (default true, failing with 1007). */
    public Builder validateUtf8(boolean validate) {
      this.validateUtf8 = validate;
      return this;
    }

    /** Whether frames are recorded (default true); turn off for load tests. */
    public Builder recordFrames(boolean record) {
      this.recordFrames = record;
      return this;
    }

    /** Turns reading off on each connection right after the handshake (for backpressure tests). */
    public Builder pauseReadingAfterHandshake() {
      this.pauseReadingAfterHandshake = true;
      return this;
    }

    /**
     * SO_RCVBUF of accepted connections; a smaller one makes a paused server fill up sooner. Below
     * about 64 KiB, loopback TCP crawls (the window is smaller than a segment, so the sender waits
     * on its persist timer), which a throughput test will notice.
     */
    public Builder receiveBufferSize(int bytes) {
      this.receiveBufferSize = bytes;
      return this;
    }

    /** SO_SNDBUF of accepted connections. */
    public Builder sendBufferSize(int bytes) {
      this.sendBufferSize = bytes;
      return this;
    }

    /**
     * Serves WebSockets over HTTP/2 instead (RFC 8441): h2c with prior knowledge, {@code
     * SETTINGS_ENABLE_CONNECT_PROTOCOL = 1}, each extended CONNECT answered as the script says (an
     * accepting answer is a 200) and each stream one {@link ServerConnection}, driven and recorded
     * like a TCP connection: its bytes travel in DATA frames, one write one frame, and closing it
     * ends the stream (END_STREAM, as a FIN) rather than the TCP connection. Clients connect with
     * {@code Http2Mode.REQUIRE}.
     */
    public Builder http2() {
      this.http2 = true;
      return this;
    }

    /** The settings as an immutable value. */
    public TestServerConfig build() {
      return new TestServerConfig(this);
    }

    /** Binds and starts the server. */
    public TestWebSocketServer start() {
      return new TestWebSocketServer(build());
    }
  }
}
