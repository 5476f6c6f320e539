package dev.websocket.client.testing;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Chooses the answer to each request: a custom function if one was given, else the route for the
 * request's path, else the default. Routes can change while the server runs, because a redirect to
 * the server itself (or to a second server) can only name its port once it is bound.
 */
final class HandshakeScript {

  private final Function<RecordedRequest, UpgradeResponse> custom;
  private final Map<String, UpgradeResponse> routes = new ConcurrentHashMap<>();
  private volatile UpgradeResponse defaultResponse;

  HandshakeScript(TestServerConfig config) {
    this.custom = config.handshake;
    this.routes.putAll(config.routes);
    this.defaultResponse = config.defaultResponse;
  }

  void route(String path, UpgradeResponse response) {
    routes.put(Objects.requireNonNull(path), Objects.requireNonNull(response));
  }

  void defaultResponse(UpgradeResponse response) {
    this.defaultResponse = Objects.requireNonNull(response);
  }

  UpgradeResponse answerFor(RecordedRequest request) {
    if (custom != null) {
      return Objects.requireNonNull(custom.apply(request), "handshake script returned null");
    }
    return routes.getOrDefault(request.path(), defaultResponse);
  }
}
