package dev.websocket.client.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP request as the test server received it: request line, every header line in arrival order
 * with the name's case as sent, and the body. Lookups by name ignore case, as HTTP does; the list
 * keeps the case so a test can assert how the client spelled a name.
 */
public final class RecordedRequest {

  /** One header line. */
  public record Header(String name, String value) {
    @Override
    public String toString() {
      return name + ": " + value;
    }
  }

  private final int connection;
  private final String method;
  private final String uri;
  private final String protocolVersion;
  private final List<Header> headers;
  private final byte[] body;

  RecordedRequest(
      int connection,
      String method,
      String uri,
      String protocolVersion,
      List<Header> headers,
      byte[] body) {
    this.connection = connection;
    this.method = method;
    this.uri = uri;
    this.protocolVersion = protocolVersion;
    this.headers = List.copyOf(headers);
    this.body = body;
  }

  /** The index of the server connection that received it ({@link ServerConnection#id()}). */
  public int connection() {
    return connection;
  }

  /** The method, e.g. {@code GET}. */
  public String method() {
    return method;
  }

  /** The request target exactly as sent, e.g. {@code /chat?room=1}. */
  public String uri() {
    return uri;
  }

  /** The request target's path, without the query. */
  public String path() {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  /** The request target's query without the '?', or {@code null} when there is none. */
  public String query() {
    int q = uri.indexOf('?');
    return q < 0 ? null : uri.substring(q + 1);
  }

  /** The protocol version, e.g. {@code HTTP/1.1}. */
  public String protocolVersion() {
    return protocolVersion;
  }

  /** Every header line, in the order received. */
  public List<Header> headers() {
    return headers;
  }

  /** The header names in the order received, case as sent. */
  public List<String> headerNames() {
    List<String> names = new ArrayList<>(headers.size());
    for (Header h : headers) {
      names.add(h.name());
    }
    return names;
  }

  /** The value of the first header with this name (any case), or {@code null}. */
  public String header(String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** The values of every header with this name (any case), in order. */
  public List<String> headerValues(String name) {
    List<String> values = new ArrayList<>();
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        values.add(h.value());
      }
    }
    return values;
  }

  /**
   * The comma-separated tokens of every header with this name, trimmed, e.g. the offered
   * subprotocols of {@code Sec-WebSocket-Protocol}.
   */
  public List<String> headerTokens(String name) {
    List<String> tokens = new ArrayList<>();
    for (String value : headerValues(name)) {
      for (String token : value.split(",")) {
        if (!token.isBlank()) {
          tokens.add(token.trim());
        }
      }
    }
    return tokens;
  }

  /** The body (empty for a normal upgrade request). */
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder(method).append(' ').append(uri).append(' ').append(protocolVersion);
    for (Header h : headers) {
      sb.append("\n  ").append(h);
    }
    return sb.toString();
  }
}
