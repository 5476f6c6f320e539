package dev.websocket.client.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the server answered: status, headers (names in lower case) and the negotiated values. */
public final class HandshakeResponse {

  private final int status;
  private final String reason;
  private final Map<String, List<String>> headers;
  private final String subprotocol;
  private final String extensions;

  HandshakeResponse(int status, String reason, Map<String, List<String>> headers, String subprotocol, String extensions) {
    this.status = status;
    this.reason = reason;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.subprotocol = subprotocol;
    this.extensions = extensions;
  }

  /** The status code, 101 on success. */
  public int status() {
    return status;
  }

  /** The reason phrase. */
  public String reason() {
    return reason;
  }

  /** Every header; names in lower case, values in the order received. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The subprotocol the server chose, or null. */
  public String subprotocol() {
    return subprotocol;
  }

  /** The Sec-WebSocket-Extensions the server accepted, or null. */
  public String extensions() {
    return extensions;
  }
}
