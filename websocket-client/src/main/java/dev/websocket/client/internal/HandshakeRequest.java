package dev.websocket.client.internal;

import dev.websocket.codec.MaskKeySource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The opening handshake request of RFC 6455 section 4.1, as an ordered list of headers. I/O-free:
 * built from a URL and options, written by {@link HandshakeHandler}.
 */
public final class HandshakeRequest {

  private static final MaskKeySource KEYS = MaskKeySource.secureRandom();

  private final String resource;
  private final String key;
  private final List<Map.Entry<String, String>> headers;
  private final List<String> offeredProtocols;

  private HandshakeRequest(
      String resource,
      String key,
      List<Map.Entry<String, String>> headers,
      List<String> offeredProtocols) {
    this.resource = resource;
    this.key = key;
    this.headers = List.copyOf(headers);
    this.offeredProtocols = List.copyOf(offeredProtocols);
  }

  /** A fresh Sec-WebSocket-Key: 16 random bytes, base64. */
  public static String newKey() {
    // The mask keys' source: a per-thread AES-CTR keystream seeded from SecureRandom, without
    // SecureRandom's lock and /dev/urandom read on every connect.
    ByteBuffer nonce = ByteBuffer.allocate(16);
    for (int i = 0; i < 4; i++) {
      nonce.putInt(KEYS.nextKey());
    }
    return Base64.getEncoder().encodeToString(nonce.array());
  }

  /** Builds a request; see {@link Builder}. */
  public static Builder builder(WebSocketUrl url) {
    return new Builder(url);
  }

  /** Path and query for the request line. */
  public String resource() {
    return resource;
  }

  /** The Sec-WebSocket-Key sent. */
  public String key() {
    return key;
  }

  /** Every header, in the order sent. */
  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** The subprotocols offered. */
  public List<String> offeredProtocols() {
    return offeredProtocols;
  }

  /** Assembles the headers in the order the Python library sends them. */
  public static final class Builder {
    private final WebSocketUrl url;
    private final List<Map.Entry<String, String>> extra = new ArrayList<>();
    private String host;
    private String origin;
    private boolean suppressOrigin;
    private List<String> protocols = List.of();
    private String extensions;
    private String cookie;
    private String authorization;
    private String key = newKey();

    private Builder(WebSocketUrl url) {
      this.url = url;
      userInfo(url.userInfo());
    }

    /**
     * Authorization: Basic from this raw (percent-encoded) {@code user:password}, or none for null;
     * by default the URL's own.
     */
    public Builder userInfo(String userInfo) {
      if (userInfo == null) {
        authorization = null;
      } else {
        String decoded =
            java.net.URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
        authorization =
            "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
      }
      return this;
    }

    /** The Host header, or null for the URL's. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The Origin header, or null for the default. */
    public Builder origin(String origin) {
      this.origin = origin;
      return this;
    }

    /** Whether to leave Origin out. */
    public Builder suppressOrigin(boolean suppress) {
      this.suppressOrigin = suppress;
      return this;
    }

    /** Subprotocols to offer. */
    public Builder protocols(List<String> protocols) {
      this.protocols = protocols;
      return this;
    }

    /** Sec-WebSocket-Extensions to offer, or null. */
    public Builder extensions(String extensions) {
      this.extensions = extensions;
      return this;
    }

    /** The Cookie header, or null. */
    public Builder cookie(String cookie) {
      this.cookie = cookie;
      return this;
    }

    /** The key to send (tests fix it; otherwise fresh). */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /**
     * A user header; it replaces a generated header of the same name. User headers of one name are
     * all sent, in the order added (Python's header list).
     */
    public Builder header(String name, String value) {
      extra.add(Map.entry(name, value));
      return this;
    }

    /** The request. */
    public HandshakeRequest build() {
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      headers.add(Map.entry("Upgrade", "websocket"));
      headers.add(Map.entry("Connection", "Upgrade"));
      headers.add(Map.entry("Host", host != null ? host : url.hostHeader()));
      if (!suppressOrigin) {
        headers.add(Map.entry("Origin", origin != null ? origin : url.defaultOrigin()));
      }
      headers.add(Map.entry("Sec-WebSocket-Key", key));
      headers.add(Map.entry("Sec-WebSocket-Version", "13"));
      if (!protocols.isEmpty()) {
        headers.add(Map.entry("Sec-WebSocket-Protocol", String.join(", ", protocols)));
      }
      if (extensions != null) {
        headers.add(Map.entry("Sec-WebSocket-Extensions", extensions));
      }
      if (cookie != null) {
        headers.add(Map.entry("Cookie", cookie));
      }
      if (authorization != null) {
        headers.add(Map.entry("Authorization", authorization));
      }
      String sentKey = key;
      for (Map.Entry<String, String> header : extra) {
        String name = header.getKey().toLowerCase(Locale.ROOT);
        headers.removeIf(h -> h.getKey().toLowerCase(Locale.ROOT).equals(name));
        if (name.equals("sec-websocket-key")) {
          sentKey = header.getValue();
        }
      }
      headers.addAll(extra);
      return new HandshakeRequest(url.resource(), sentKey, headers, protocols);
    }
  }
}
