package dev.websocket.codec.deflate;

import java.util.OptionalInt;

/**
 * What the client offers for permessage-deflate (RFC 7692) and how it compresses. Immutable; build
 * one with {@link #builder()}. Every default is a named constant below.
 *
 * <p>The offer ({@link #offer()}) is one {@code Sec-WebSocket-Extensions} element. By default it is
 * {@code permessage-deflate; client_max_window_bits}: the client asks for nothing and tells the
 * server it can honour any {@code client_max_window_bits} the server picks (RFC 7692 section
 * 7.1.2.2).
 */
public final class PerMessageDeflateConfig {

  /** The extension token (RFC 7692 section 7). */
  public static final String EXTENSION_NAME = "permessage-deflate";

  /** Parameter: the server resets its window for every message (RFC 7692 section 7.1.1.1). */
  public static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";

  /** Parameter: the client resets its window for every message (RFC 7692 section 7.1.1.2). */
  public static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";

  /** Parameter: the largest window the server may compress with (RFC 7692 section 7.1.2.1). */
  public static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";

  /** Parameter: the largest window the client may compress with (RFC 7692 section 7.1.2.2). */
  public static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

  /** Compression is offered unless turned off: it cuts text and JSON traffic several times. */
  public static final boolean DEFAULT_ENABLED = true;

  /**
   * The offer includes a bare {@code client_max_window_bits}, so a server short of memory may ask
   * the client for a smaller window instead of declining the extension. Every size 8..15 is
   * honoured.
   */
  public static final boolean DEFAULT_OFFER_CLIENT_MAX_WINDOW_BITS = true;

  /**
   * Messages shorter than this many bytes go uncompressed: below about 1 KiB the deflate header,
   * the Huffman tables and the CPU cost outweigh what is saved. (The same default as OkHttp.)
   */
  public static final int DEFAULT_COMPRESSION_THRESHOLD = 1024;

  /** zlib level 6, zlib's own default: most of level 9's ratio at a fraction of its CPU time. */
  public static final int DEFAULT_COMPRESSION_LEVEL = 6;

  /** The lowest zlib level: 0 stores without compressing. */
  public static final int MIN_COMPRESSION_LEVEL = 0;

  /** The highest zlib level: 9 is the slowest and densest. */
  public static final int MAX_COMPRESSION_LEVEL = 9;

  /**
   * Every default: the extension is offered as {@code permessage-deflate; client_max_window_bits}.
   */
  public static final PerMessageDeflateConfig DEFAULT = builder().build();

  /** Compression neither offered nor accepted. */
  public static final PerMessageDeflateConfig DISABLED = builder().enabled(false).build();

  private final boolean enabled;
  private final boolean offerClientMaxWindowBits;
  private final int clientMaxWindowBits;
  private final int serverMaxWindowBits;
  private final boolean serverNoContextTakeover;
  private final boolean clientNoContextTakeover;
  private final int compressionThreshold;
  private final int compressionLevel;

  private PerMessageDeflateConfig(Builder builder) {
    this.enabled = builder.enabled;
    this.offerClientMaxWindowBits = builder.offerClientMaxWindowBits;
    this.clientMaxWindowBits = builder.clientMaxWindowBits;
    this.serverMaxWindowBits = builder.serverMaxWindowBits;
    this.serverNoContextTakeover = builder.serverNoContextTakeover;
    this.clientNoContextTakeover = builder.clientNoContextTakeover;
    this.compressionThreshold = builder.compressionThreshold;
    this.compressionLevel = builder.compressionLevel;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.enabled = enabled;
    b.offerClientMaxWindowBits = offerClientMaxWindowBits;
    b.clientMaxWindowBits = clientMaxWindowBits;
    b.serverMaxWindowBits = serverMaxWindowBits;
    b.serverNoContextTakeover = serverNoContextTakeover;
    b.clientNoContextTakeover = clientNoContextTakeover;
    b.compressionThreshold = compressionThreshold;
    b.compressionLevel = compressionLevel;
    return b;
  }

  /** Whether the extension is offered at all. Default {@value #DEFAULT_ENABLED}. */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Whether the offer carries {@code client_max_window_bits} (bare, or with {@link
   * #clientMaxWindowBits()} when that is set). Default {@value
   * #DEFAULT_OFFER_CLIENT_MAX_WINDOW_BITS}.
   */
  public boolean offersClientMaxWindowBits() {
    return offerClientMaxWindowBits || clientMaxWindowBits != 0;
  }

  /**
   * The window the client limits itself to, offered as {@code client_max_window_bits=N}; empty (the
   * default) to let the server choose.
   */
  public OptionalInt clientMaxWindowBits() {
    return clientMaxWindowBits == 0 ? OptionalInt.empty() : OptionalInt.of(clientMaxWindowBits);
  }

  /**
   * The window the server is asked to limit itself to, offered as {@code server_max_window_bits=N};
   * empty (the default) to ask nothing. A server that accepts must answer with N or less.
   */
  public OptionalInt serverMaxWindowBits() {
    return serverMaxWindowBits == 0 ? OptionalInt.empty() : OptionalInt.of(serverMaxWindowBits);
  }

  /** Whether the server is asked to reset its window for every message. Default false. */
  public boolean requestsServerNoContextTakeover() {
    return serverNoContextTakeover;
  }

  /** Whether the client announces that it resets its window for every message. Default false. */
  public boolean requestsClientNoContextTakeover() {
    return clientNoContextTakeover;
  }

  /**
   * Messages (payload bytes) shorter than this are sent uncompressed. Default {@value
   * #DEFAULT_COMPRESSION_THRESHOLD}.
   */
  public int compressionThreshold() {
    return compressionThreshold;
  }

  /** The zlib compression level, 0 to 9. Default {@value #DEFAULT_COMPRESSION_LEVEL}. */
  public int compressionLevel() {
    return compressionLevel;
  }

  /**
   * The {@code Sec-WebSocket-Extensions} value to send, e.g. {@code permessage-deflate;
   * client_max_window_bits}. Parameters appear in a fixed order: the two context-takeover flags,
   * then the two window sizes.
   *
   * @throws IllegalStateException if the extension is disabled (send no header then)
   */
  public String offer() {
    if (!enabled) {
      throw new IllegalStateException("permessage-deflate is disabled: there is nothing to offer");
    }
    StringBuilder sb = new StringBuilder(EXTENSION_NAME);
    if (serverNoContextTakeover) {
      sb.append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
    }
    if (clientNoContextTakeover) {
      sb.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
    }
    if (serverMaxWindowBits != 0) {
      sb.append("; ").append(SERVER_MAX_WINDOW_BITS).append('=').append(serverMaxWindowBits);
    }
    if (clientMaxWindowBits != 0) {
      sb.append("; ").append(CLIENT_MAX_WINDOW_BITS).append('=').append(clientMaxWindowBits);
    } else if (offerClientMaxWindowBits) {
      sb.append("; ").append(CLIENT_MAX_WINDOW_BITS);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "PerMessageDeflateConfig{enabled="
        + enabled
        + ", offerClientMaxWindowBits="
        + offerClientMaxWindowBits
        + ", clientMaxWindowBits="
        + (clientMaxWindowBits == 0 ? "unset" : clientMaxWindowBits)
        + ", serverMaxWindowBits="
        + (serverMaxWindowBits == 0 ? "unset" : serverMaxWindowBits)
        + ", serverNoContextTakeover="
        + serverNoContextTakeover
        + ", clientNoContextTakeover="
        + clientNoContextTakeover
        + ", compressionThreshold="
        + compressionThreshold
        + ", compressionLevel="
        + compressionLevel
        + '}';
  }

  /** Builds a {@link PerMessageDeflateConfig}; every field starts at its default. */
  public static final class Builder {
    private boolean enabled = DEFAULT_ENABLED;
    private boolean offerClientMaxWindowBits = DEFAULT_OFFER_CLIENT_MAX_WINDOW_BITS;

    /** 0: not set. */
    private int clientMaxWindowBits;

    /** 0: not set. */
    private int serverMaxWindowBits;

    private boolean serverNoContextTakeover;
    private boolean clientNoContextTakeover;
    private int compressionThreshold = DEFAULT_COMPRESSION_THRESHOLD;
    private int compressionLevel = DEFAULT_COMPRESSION_LEVEL;

    private Builder() {}

    /** See {@link PerMessageDeflateConfig#isEnabled()}. */
    public Builder enabled(boolean on) {
      this.enabled = on;
      return this;
    }

    /** See {@link PerMessageDeflateConfig#offersClientMaxWindowBits()}. */
    public Builder offerClientMaxWindowBits(boolean on) {
      this.offerClientMaxWindowBits = on;
      return this;
    }

    /**
     * Limits the client's own window and offers {@code client_max_window_bits=bits}.
     *
     * @throws IllegalArgumentException outside 8..15
     */
    public Builder clientMaxWindowBits(int bits) {
      this.clientMaxWindowBits = DeflateParameters.checkWindowBits("clientMaxWindowBits", bits);
      return this;
    }

    /**
     * Asks the server for a window of at most 2^bits bytes with {@code
     * server_max_window_bits=bits}.
     *
     * @throws IllegalArgumentException outside 8..15
     */
    public Builder serverMaxWindowBits(int bits) {
      this.serverMaxWindowBits = DeflateParameters.checkWindowBits("serverMaxWindowBits", bits);
      return this;
    }

    /** Asks the server to reset its window for every message. */
    public Builder serverNoContextTakeover(boolean on) {
      this.serverNoContextTakeover = on;
      return this;
    }

    /** Announces (and commits to) a fresh client window for every message. */
    public Builder clientNoContextTakeover(boolean on) {
      this.clientNoContextTakeover = on;
      return this;
    }

    /**
     * See {@link PerMessageDeflateConfig#compressionThreshold()}.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder compressionThreshold(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("compressionThreshold must not be negative: " + bytes);
      }
      this.compressionThreshold = bytes;
      return this;
    }

    /**
     * See {@link PerMessageDeflateConfig#compressionLevel()}.
     *
     * @throws IllegalArgumentException outside 0..9
     */
    public Builder compressionLevel(int level) {
      if (level < MIN_COMPRESSION_LEVEL || level > MAX_COMPRESSION_LEVEL) {
        throw new IllegalArgumentException(
            "compressionLevel must be from "
                + MIN_COMPRESSION_LEVEL
                + " to "
                + MAX_COMPRESSION_LEVEL
                + ": "
                + level);
      }
      this.compressionLevel = level;
      return this;
    }

    /** The configuration. */
    public PerMessageDeflateConfig build() {
      return new PerMessageDeflateConfig(this);
    }
  }
}
