package dev.websocket.wsdump;

import dev.websocket.client.ServerText;
import dev.websocket.client.WebSocketBadStatusException;
import dev.websocket.client.WebSocketTlsException;

/**
 * The one line a user sees for a failure: the client's exceptions already say what went wrong and
 * where, so this mostly keeps them on one line and adds a hint where one helps.
 */
final class ErrorMessages {

  /** Longer messages are cut: one line of a terminal is the goal, not the whole server's answer. */
  static final int MAX_LENGTH = 300;

  private ErrorMessages() {}

  /** The message for {@code error}, without the {@code wsdump: error: } prefix. */
  static String of(Throwable error) {
    String message = text(error);
    if (error instanceof WebSocketTlsException && message.contains("certif")) {
      message += " (-n skips the certificate check)";
    }
    return oneLine(message);
  }

  private static String text(Throwable error) {
    if (error instanceof WebSocketBadStatusException) {
      WebSocketBadStatusException bad = (WebSocketBadStatusException) error;
      // The client's message also quotes the response body; the status says enough here.
      return "Handshake status "
          + bad.statusCode()
          + (bad.statusMessage().isEmpty() ? "" : " " + ServerText.quote(bad.statusMessage()));
    }
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      Throwable cause = error.getCause();
      return cause != null && cause != error ? text(cause) : error.getClass().getSimpleName();
    }
    return message;
  }

  private static String oneLine(String message) {
    // Whatever a message quotes of a server's text, no control character reaches the terminal.
    String line = ServerText.escape(message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " "));
    return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
  }
}
