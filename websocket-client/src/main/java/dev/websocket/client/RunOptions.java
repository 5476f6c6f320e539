package dev.websocket.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link WebSocketApp#runForever(RunOptions)} keeps a connection alive: keepalive pings, the
 * pong deadline, and reconnecting (Python's {@code run_forever(ping_interval, ping_timeout,
 * ping_payload, reconnect)}). Immutable; build with {@link #builder()}.
 */
public final class RunOptions {

  /** No pings, no reconnect: run until the connection ends. */
  public static final RunOptions DEFAULT = builder().build();

  /** The longest wait between reconnect attempts unless a longer base delay is chosen: 30 s. */
  public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(30);

  private final Duration pingInterval;
  private final Duration pingTimeout;
  private final byte[] pingPayload;
  private final Duration reconnect;
  private final Duration maxReconnectDelay;

  private RunOptions(Builder b) {
    this.pingInterval = b.pingInterval;
    this.pingTimeout = b.pingTimeout;
    this.pingPayload = b.pingPayload;
    this.reconnect = b.reconnect;
    this.maxReconnectDelay =
        b.maxReconnectDelay != null
            ? b.maxReconnectDelay
            : reconnect != null && reconnect.compareTo(DEFAULT_MAX_RECONNECT_DELAY) > 0
                ? reconnect
                : DEFAULT_MAX_RECONNECT_DELAY;
  }

  /** A builder: no pings, no reconnect. */
  public static Builder builder() {
    return new Builder();
  }

  /** Time between keepalive pings, or null for none. */
  public Duration pingInterval() {
    return pingInterval;
  }

  /** How long a pong may take after a ping, or null to never time out. */
  public Duration pingTimeout() {
    return pingTimeout;
  }

  /** The payload of each keepalive ping (a copy). */
  public byte[] pingPayload() {
    return pingPayload.clone();
  }

  /**
   * The first delay before reconnecting after a drop or a failed connect, or null to not reconnect.
   */
  public Duration reconnect() {
    return reconnect;
  }

  /** The cap on the growing reconnect delay. */
  public Duration maxReconnectDelay() {
    return maxReconnectDelay;
  }

  @Override
  public String toString() {
    return "RunOptions{pingInterval="
        + pingInterval
        + ", pingTimeout="
        + pingTimeout
        + ", pingPayload="
        + pingPayload.length
        + " bytes, reconnect="
        + reconnect
        + ", maxReconnectDelay="
        + maxReconnectDelay
        + '}';
  }

  /** Builds {@link RunOptions}. */
  public static final class Builder {
    private Duration pingInterval;
    private Duration pingTimeout;
    private byte[] pingPayload = new byte[0];
    private Duration reconnect;
    private Duration maxReconnectDelay;

    private Builder() {}

    /** Send a ping this often (Python's {@code ping_interval}). */
    public Builder pingInterval(Duration interval) {
      this.pingInterval = positive("pingInterval", interval);
      return this;
    }

    /**
     * Fail the connection when a pong takes longer than this after a ping (Python's {@code
     * ping_timeout}).
     */
    public Builder pingTimeout(Duration timeout) {
      this.pingTimeout = positive("pingTimeout", timeout);
      return this;
    }

    /** The keepalive ping's payload, UTF-8, at most 125 bytes (Python's {@code ping_payload}). */
    public Builder pingPayload(String payload) {
      byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > 125) {
        throw new IllegalArgumentException(
            "pingPayload is " + bytes.length + " bytes; a ping carries at most 125");
      }
      this.pingPayload = bytes;
      return this;
    }

    /**
     * Reconnect after an unexpected drop or a failed connect, first after {@code delay}, then after
     * growing delays (see {@link WebSocketApp#runForever(RunOptions)}); Python's {@code reconnect}.
     */
    public Builder reconnect(Duration delay) {
      this.reconnect = Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("reconnect delay must not be negative: " + delay);
      }
      return this;
    }

    /** The cap on the reconnect delay (default 30 s, or the base delay if longer). */
    public Builder maxReconnectDelay(Duration cap) {
      this.maxReconnectDelay = positive("maxReconnectDelay", cap);
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException if a ping timeout is set without an interval, or is not
     *     shorter than the interval (as Python refuses it)
     */
    public RunOptions build() {
      if (pingTimeout != null) {
        if (pingInterval == null) {
          throw new IllegalArgumentException("pingTimeout needs a pingInterval");
        }
        if (pingTimeout.compareTo(pingInterval) >= 0) {
          throw new IllegalArgumentException(
              "pingTimeout ("
                  + pingTimeout
                  + ") must be shorter than pingInterval ("
                  + pingInterval
                  + ")");
        }
      }
      return new RunOptions(this);
    }

    private static Duration positive(String what, Duration d) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
