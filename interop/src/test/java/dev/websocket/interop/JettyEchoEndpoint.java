package dev.websocket.interop;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The command set of the other echo peers (see {@code src/test/python/echo_server.py}) on Jetty's
 * WebSocket API, plus {@code cmd:disconnect}, which drops the WebSocket without a close frame.
 * Public, as Jetty binds an endpoint's methods through public lookups.
 */
public final class JettyEchoEndpoint implements Session.Listener.AutoDemanding {
  private final String id;
  private Session session;
  private volatile String pingPayload;

  private final Map<String, CompletableFuture<String>> closes;

  JettyEchoEndpoint(String id, Map<String, CompletableFuture<String>> closes) {
    this.id = id;
    this.closes = closes;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
  }

  @Override
  public void onWebSocketText(String text) {
    if (text.startsWith("cmd:")) {
      command(text.substring(4));
    } else {
      session.sendText(text, Callback.NOOP);
    }
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
    callback.succeed();
    session.sendBinary(copy, Callback.NOOP);
  }

  @Override
  public void onWebSocketPong(ByteBuffer payload) {
    String text = StandardCharsets.UTF_8.decode(payload).toString();
    if (text.equals(pingPayload)) {
      session.sendText("pong " + text, Callback.NOOP);
    }
  }

  @Override
  public void onWebSocketClose(int status, String reason) {
    if (id != null) {
      closeOf(id).complete("closed " + status + " " + (reason == null ? "" : reason));
    }
  }

  private void command(String command) {
    String[] parts = command.split(" ", 2);
    String argument = parts.length > 1 ? parts[1] : "";
    switch (parts[0]) {
      case "close":
        {
          String[] codeAndReason = argument.split(" ", 2);
          session.close(
              Integer.parseInt(codeAndReason[0]),
              codeAndReason.length > 1 ? codeAndReason[1] : "",
              Callback.NOOP);
          break;
        }
      case "ping":
        pingPayload = argument;
        session.sendPing(ByteBuffer.wrap(argument.getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
        break;
      case "extensions":
        session.sendText(
            session.getUpgradeResponse().getExtensions().stream()
                .map(ExtensionConfig::getName)
                .collect(Collectors.joining(",")),
            Callback.NOOP);
        break;
      case "fragments":
        sendFragments(argument);
        break;
      case "closed":
        session.sendText(awaitClose(argument), Callback.NOOP);
        break;
      case "disconnect":
        session.disconnect();
        break;
      default:
        session.sendText("unknown command " + command, Callback.NOOP);
    }
  }

  private void sendFragments(String argument) {
    String[] countAndSize = argument.split(" ");
    int count = Integer.parseInt(countAndSize[0]);
    int size = Integer.parseInt(countAndSize[1]);
    try {
      for (int i = 0; i < count; i++) {
        Callback.Completable sent = new Callback.Completable();
        session.sendPartialText(
            String.valueOf((char) ('a' + i % 26)).repeat(size), i == count - 1, sent);
        sent.get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      session.close(1011, "fragments failed: " + e, Callback.NOOP);
    }
  }

  private String awaitClose(String connectionId) {
    try {
      return closeOf(connectionId).get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      return "closed none";
    } catch (Exception e) {
      return "closed failed " + e;
    }
  }

  private CompletableFuture<String> closeOf(String connectionId) {
    return closes.computeIfAbsent(connectionId, k -> new CompletableFuture<>());
  }
}
