package dev.websocket.codec;

/**
 * What the frame parser accepts: size limits, masking role, reserved bits and UTF-8 checking.
 * Immutable; build one with {@link #builder()}, start from {@link #CLIENT} or {@link #SERVER}.
 */
public final class FrameDecoderConfig {

  /**
   * Default limit on one frame's payload, 64 MiB: large enough for the 16 MiB frames of the
   * conformance suite with room to spare, small enough that a hostile length cannot exhaust a heap.
   */
  public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024 * 1024;

  /** Default limit on a whole (reassembled, decompressed) message, 64 MiB, for the same reasons. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

  /** A client's view: server frames must be unmasked, no extension bits, UTF-8 checked. */
  public static final FrameDecoderConfig CLIENT = builder().build();

  /** A server's view: client frames must be masked. */
  public static final FrameDecoderConfig SERVER = builder().expectMaskedFrames(true).build();

  private final int maxFrameSize;
  private final int maxMessageSize;
  private final boolean expectMaskedFrames;
  private final int allowedRsv;
  private final boolean validateUtf8;

  private FrameDecoderConfig(Builder b) {
    this.maxFrameSize = b.maxFrameSize;
    this.maxMessageSize = b.maxMessageSize;
    this.expectMaskedFrames = b.expectMaskedFrames;
    this.allowedRsv = b.allowedRsv;
    this.validateUtf8 = b.validateUtf8;
  }

  /** A builder with the client defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .maxFrameSize(maxFrameSize)
        .maxMessageSize(maxMessageSize)
        .expectMaskedFrames(expectMaskedFrames)
        .allowedRsv(allowedRsv)
        .validateUtf8(validateUtf8);
  }

  /** The largest payload of one frame, in bytes; a larger frame fails with 1009. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /** The largest message, in bytes, summed over its fragments; a larger one fails with 1009. */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /**
   * True on the server side, where every frame must be masked; false on the client side, where none
   * may be.
   */
  public boolean expectMaskedFrames() {
    return expectMaskedFrames;
  }

  /** The reserved bits a negotiated extension gave meaning to ({@link Frame#RSV1} for deflate). */
  public int allowedRsv() {
    return allowedRsv;
  }

  /**
   * Whether TEXT payloads and close reasons are checked as UTF-8 (Python's skip_utf8_validation
   * inverted).
   */
  public boolean validateUtf8() {
    return validateUtf8;
  }

  @Override
  public String toString() {
    return "FrameDecoderConfig{maxFrameSize="
        + maxFrameSize
        + ", maxMessageSize="
        + maxMessageSize
        + ", expectMaskedFrames="
        + expectMaskedFrames
        + ", allowedRsv="
        + Integer.toBinaryString(allowedRsv)
        + ", validateUtf8="
        + validateUtf8
        + '}';
  }

  /** Builds a {@link FrameDecoderConfig}. */
  public static final class Builder {
    private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private boolean expectMaskedFrames;
    private int allowedRsv;
    private boolean validateUtf8 = true;

    private Builder() {}

    /** Limit on one frame's payload in bytes (default {@value #DEFAULT_MAX_FRAME_SIZE}). */
    public Builder maxFrameSize(int bytes) {
      if (bytes < Frame.MAX_CONTROL_PAYLOAD) {
        throw new IllegalArgumentException("maxFrameSize must be at least 125: " + bytes);
      }
      this.maxFrameSize = bytes;
      return this;
    }

    /** Limit on one message in bytes (default {@value #DEFAULT_MAX_MESSAGE_SIZE}). */
    public Builder maxMessageSize(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxMessageSize must be positive: " + bytes);
      }
      this.maxMessageSize = bytes;
      return this;
    }

    /** Require masked frames (server side) instead of unmasked ones (client side, the default). */
    public Builder expectMaskedFrames(boolean masked) {
      this.expectMaskedFrames = masked;
      return this;
    }

    /** The reserved bits an extension negotiated (default none). */
    public Builder allowedRsv(int rsv) {
      if ((rsv & ~0b111) != 0) {
        throw new IllegalArgumentException("rsv must fit in three bits: " + rsv);
      }
      this.allowedRsv = rsv;
      return this;
    }

    /** Check UTF-8 in text and close reasons (default true). */
    public Builder validateUtf8(boolean validate) {
      this.validateUtf8 = validate;
      return this;
    }

    /** The configuration. */
    public FrameDecoderConfig build() {
      return new FrameDecoderConfig(this);
    }
  }
}
