package dev.websocket.proxy.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request as {@link HttpConnectProxyServer} received it.
 *
 * @param method the request method, {@code CONNECT} from a well-behaved client
 * @param target the request target, {@code host:port} for CONNECT
 * @param headers every header, names in lower case, values in arrival order
 */
public record HttpConnectRequest(String method, String target, Map<String, List<String>> headers) {

  /** A copy with unmodifiable headers. */
  public HttpConnectRequest {
    headers = Map.copyOf(headers);
  }

  /** The first value of the header {@code name} (any case), if present. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
