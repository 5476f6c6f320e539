package dev.websocket.testing.hostile;

import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket client under test in a {@link HostileProbe}: opens a connection the way its library
 * documents, and either reads everything or does not read at all, in that library's own terms (no
 * receive call, no demand, a busy callback).
 */
public interface HostileClient {

  /**
   * Connects to {@code url}.
   *
   * @param read whether the application reads what arrives (and drops it), or reads nothing
   * @return completes with the outcome in words ("closed 1009 ...", "error: ...") when the library
   *     reports the end of the connection; never, while it holds the connection open
   * @throws Exception when connecting fails; the probe reports it as the outcome
   */
  CompletableFuture<String> connect(String url, boolean read) throws Exception;
}
