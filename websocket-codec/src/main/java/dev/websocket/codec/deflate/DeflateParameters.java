package dev.websocket.codec.deflate;

import java.util.Objects;

/**
 * The permessage-deflate parameters agreed in the opening handshake (RFC 7692 section 7.1): the
 * outcome of {@link PerMessageDeflateNegotiator#negotiate(String)}, and what the encoder and
 * decoder are built from. "Server" parameters govern what the server compresses (and this client
 * inflates); "client" parameters govern what this client compresses.
 *
 * <p>Immutable. {@link #DEFAULT} is what a bare {@code permessage-deflate} answer means: context
 * takeover in both directions and 32 KiB windows.
 */
public final class DeflateParameters {

  /** The smallest LZ77 window RFC 7692 allows: 2^8 = 256 bytes (section 7.1.2). */
  public static final int MIN_WINDOW_BITS = 8;

  /** The largest LZ77 window, and the one in force when no window parameter is agreed: 32 KiB. */
  public static final int MAX_WINDOW_BITS = 15;

  /** No parameters: context takeover both ways, 15-bit windows both ways. */
  public static final DeflateParameters DEFAULT = builder().build();

  private final boolean serverNoContextTakeover;
  private final boolean clientNoContextTakeover;
  private final int serverMaxWindowBits;
  private final int clientMaxWindowBits;

  private DeflateParameters(Builder builder) {
    this.serverNoContextTakeover = builder.serverNoContextTakeover;
    this.clientNoContextTakeover = builder.clientNoContextTakeover;
    this.serverMaxWindowBits = builder.serverMaxWindowBits;
    this.clientMaxWindowBits = builder.clientMaxWindowBits;
  }

  /** A builder starting from {@link #DEFAULT}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these parameters. */
  public Builder toBuilder() {
    return new Builder()
        .serverNoContextTakeover(serverNoContextTakeover)
        .clientNoContextTakeover(clientNoContextTakeover)
        .serverMaxWindowBits(serverMaxWindowBits)
        .clientMaxWindowBits(clientMaxWindowBits);
  }

  /**
   * Whether the server starts every message with an empty window (RFC 7692 section 7.1.1.1): the
   * client then resets its inflater after each message.
   */
  public boolean serverNoContextTakeover() {
    return serverNoContextTakeover;
  }

  /**
   * Whether the client must start every message with an empty window (RFC 7692 section 7.1.1.2):
   * the client then resets its deflater before each message.
   */
  public boolean clientNoContextTakeover() {
    return clientNoContextTakeover;
  }

  /** The base-2 logarithm of the largest window the server compresses with, 8 to 15. */
  public int serverMaxWindowBits() {
    return serverMaxWindowBits;
  }

  /** The base-2 logarithm of the largest window the client may compress with, 8 to 15. */
  public int clientMaxWindowBits() {
    return clientMaxWindowBits;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DeflateParameters)) {
      return false;
    }
    DeflateParameters other = (DeflateParameters) o;
    return serverNoContextTakeover == other.serverNoContextTakeover
        && clientNoContextTakeover == other.clientNoContextTakeover
        && serverMaxWindowBits == other.serverMaxWindowBits
        && clientMaxWindowBits == other.clientMaxWindowBits;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits);
  }

  /**
   * The parameters in extension-header form, listing only those that differ from the default, e.g.
   * {@code permessage-deflate; server_no_context_takeover; client_max_window_bits=10}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(PerMessageDeflateConfig.EXTENSION_NAME);
    if (serverNoContextTakeover) {
      sb.append("; ").append(PerMessageDeflateConfig.SERVER_NO_CONTEXT_TAKEOVER);
    }
    if (clientNoContextTakeover) {
      sb.append("; ").append(PerMessageDeflateConfig.CLIENT_NO_CONTEXT_TAKEOVER);
    }
    if (serverMaxWindowBits != MAX_WINDOW_BITS) {
      sb.append("; ")
          .append(PerMessageDeflateConfig.SERVER_MAX_WINDOW_BITS)
          .append('=')
          .append(serverMaxWindowBits);
    }
    if (clientMaxWindowBits != MAX_WINDOW_BITS) {
      sb.append("; ")
          .append(PerMessageDeflateConfig.CLIENT_MAX_WINDOW_BITS)
          .append('=')
          .append(clientMaxWindowBits);
    }
    return sb.toString();
  }

  static int checkWindowBits(String name, int bits) {
    if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
      throw new IllegalArgumentException(
          name + " must be from " + MIN_WINDOW_BITS + " to " + MAX_WINDOW_BITS + ": " + bits);
    }
    return bits;
  }

  /** Builds {@link DeflateParameters}; every field starts at its {@link #DEFAULT} value. */
  public static final class Builder {
    private boolean serverNoContextTakeover;
    private boolean clientNoContextTakeover;
    private int serverMaxWindowBits = MAX_WINDOW_BITS;
    private int clientMaxWindowBits = MAX_WINDOW_BITS;

    private Builder() {}

    /** See {@link DeflateParameters#serverNoContextTakeover()}. Default false. */
    public Builder serverNoContextTakeover(boolean on) {
      this.serverNoContextTakeover = on;
      return this;
    }

    /** See {@link DeflateParameters#clientNoContextTakeover()}. Default false. */
    public Builder clientNoContextTakeover(boolean on) {
      this.clientNoContextTakeover = on;
      return this;
    }

    /**
     * See {@link DeflateParameters#serverMaxWindowBits()}. Default 15.
     *
     * @throws IllegalArgumentException outside 8..15
     */
    public Builder serverMaxWindowBits(int bits) {
      this.serverMaxWindowBits = checkWindowBits("serverMaxWindowBits", bits);
      return this;
    }

    /**
     * See {@link DeflateParameters#clientMaxWindowBits()}. Default 15.
     *
     * @throws IllegalArgumentException outside 8..15
     */
    public Builder clientMaxWindowBits(int bits) {
      this.clientMaxWindowBits = checkWindowBits("clientMaxWindowBits", bits);
      return this;
    }

    /** The parameters. */
    public DeflateParameters build() {
      return new DeflateParameters(this);
    }
  }
}
