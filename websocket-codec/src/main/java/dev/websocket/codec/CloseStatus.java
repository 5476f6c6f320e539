package dev.websocket.codec;

/**
 * Close status codes (RFC 6455 section 7.4 and the IANA registry), with the rule for which of them
 * may appear in a close frame.
 */
public final class CloseStatus {
  /** 1000: the purpose of the connection has been fulfilled. */
  public static final int NORMAL = 1000;

  /** 1001: the endpoint is going away (server shutdown, page navigation). */
  public static final int GOING_AWAY = 1001;

  /** 1002: the peer broke the protocol. */
  public static final int PROTOCOL_ERROR = 1002;

  /** 1003: a data type the endpoint cannot accept (e.g. binary to a text-only endpoint). */
  public static final int UNSUPPORTED_DATA = 1003;

  /** 1005: no status code was present. Never sent on the wire. */
  public static final int STATUS_NOT_AVAILABLE = 1005;

  /** 1006: the connection closed without a close frame. Never sent on the wire. */
  public static final int ABNORMAL_CLOSED = 1006;

  /** 1007: a message's data was inconsistent with its type, such as invalid UTF-8 in text. */
  public static final int INVALID_PAYLOAD = 1007;

  /** 1008: a message violated the endpoint's policy. */
  public static final int POLICY_VIOLATION = 1008;

  /** 1009: a message was too big to process. */
  public static final int MESSAGE_TOO_BIG = 1009;

  /** 1010: the client expected an extension the server did not negotiate. */
  public static final int INVALID_EXTENSION = 1010;

  /** 1011: the server met an unexpected condition. */
  public static final int UNEXPECTED_CONDITION = 1011;

  /** 1012: the service is restarting. */
  public static final int SERVICE_RESTART = 1012;

  /** 1013: try again later (temporary overload). */
  public static final int TRY_AGAIN_LATER = 1013;

  /** 1014: a gateway got an invalid response from upstream. */
  public static final int BAD_GATEWAY = 1014;

  /** 1015: the TLS handshake failed. Never sent on the wire. */
  public static final int TLS_HANDSHAKE_ERROR = 1015;

  private CloseStatus() {}

  /**
   * Whether {@code code} may be sent in a close frame. The defined codes 1000-1003 and 1007-1014
   * may; 1005, 1006 and 1015 are reserved for local use; the rest of 1000-2999 is reserved for
   * future protocol use; 3000-3999 (registered) and 4000-4999 (private) are open to applications.
   */
  public static boolean isValidOnWire(int code) {
    if (code >= 3000 && code <= 4999) {
      return true;
    }
    return (code >= NORMAL && code <= UNSUPPORTED_DATA)
        || (code >= INVALID_PAYLOAD && code <= BAD_GATEWAY);
  }

  /**
   * A short English name of a code, for messages and traces: "NORMAL", "PROTOCOL_ERROR", or "4000".
   */
  public static String name(int code) {
    switch (code) {
      case NORMAL:
        return "NORMAL";
      case GOING_AWAY:
        return "GOING_AWAY";
      case PROTOCOL_ERROR:
        return "PROTOCOL_ERROR";
      case UNSUPPORTED_DATA:
        return "UNSUPPORTED_DATA";
      case STATUS_NOT_AVAILABLE:
        return "STATUS_NOT_AVAILABLE";
      case ABNORMAL_CLOSED:
        return "ABNORMAL_CLOSED";
      case INVALID_PAYLOAD:
        return "INVALID_PAYLOAD";
      case POLICY_VIOLATION:
        return "POLICY_VIOLATION";
      case MESSAGE_TOO_BIG:
        return "MESSAGE_TOO_BIG";
      case INVALID_EXTENSION:
        return "INVALID_EXTENSION";
      case UNEXPECTED_CONDITION:
        return "UNEXPECTED_CONDITION";
      case SERVICE_RESTART:
        return "SERVICE_RESTART";
      case TRY_AGAIN_LATER:
        return "TRY_AGAIN_LATER";
      case BAD_GATEWAY:
        return "BAD_GATEWAY";
      case TLS_HANDSHAKE_ERROR:
        return "TLS_HANDSHAKE_ERROR";
      default:
        return Integer.toString(code);
    }
  }
}
