package dev.websocket.client.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the server answered: status, headers (names in lower case) and the negotiated values.
 *
 * <p>Every open connection keeps its response for {@code headers()}, so the headers are held flat,
 * name and value after each other, and the map is built when asked for: a map of lists costs an
 * idle connection several hundred bytes more.
 */
public final class HandshakeResponse {

  /**
   * The names and values nearly every 101 carries, held once: each connection's own copies of these
   * strings were most of the bytes its response kept.
   */
  private static final Map<String, String> COMMON =
      commonStrings(
          "upgrade",
          "connection",
          "websocket",
          "Upgrade",
          "sec-websocket-accept",
          "sec-websocket-protocol",
          "sec-websocket-extensions",
          "server",
          "date",
          "Switching Protocols");

  private final int status;
  private final String reason;

  /** Lower-case name, value, name, value...: in the order received. */
  private final String[] headerPairs;

  private final String subprotocol;
  private final String extensions;

  HandshakeResponse(
      int status,
      String reason,
      Map<String, List<String>> headers,
      String subprotocol,
      String extensions) {
    this.status = status;
    this.reason = common(reason);
    List<String> pairs = new ArrayList<>();
    headers.forEach(
        (name, values) -> {
          String lower = common(name.toLowerCase(Locale.ROOT));
          for (String value : values) {
            pairs.add(lower);
            pairs.add(common(value));
          }
        });
    this.headerPairs = pairs.toArray(new String[0]);
    this.subprotocol = subprotocol;
    this.extensions = extensions;
  }

  private HandshakeResponse(HandshakeResponse response, String subprotocol, String extensions) {
    this.status = response.status;
    this.reason = response.reason;
    this.headerPairs = response.headerPairs;
    this.subprotocol = subprotocol;
    this.extensions = extensions;
  }

  /** This response with the subprotocol and extensions the validator found in it. */
  HandshakeResponse negotiated(String subprotocol, String extensions) {
    return new HandshakeResponse(this, subprotocol, extensions);
  }

  private static Map<String, String> commonStrings(String... strings) {
    Map<String, String> map = new HashMap<>();
    for (String s : strings) {
      map.put(s, s);
    }
    return map;
  }

  private static String common(String s) {
    return s == null ? null : COMMON.getOrDefault(s, s);
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
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      map.computeIfAbsent(headerPairs[i], k -> new ArrayList<>(1)).add(headerPairs[i + 1]);
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(map);
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < headerPairs.length; i += 2) {
      if (headerPairs[i].equals(lower)) {
        return headerPairs[i + 1];
      }
    }
    return null;
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
