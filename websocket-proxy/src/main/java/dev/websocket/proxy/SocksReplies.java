package dev.websocket.proxy;

/**
 * SOCKS reply codes in words: RFC 1928 section 6 for SOCKS5, the SOCKS4 protocol document for
 * SOCKS4.
 */
final class SocksReplies {

  /** SOCKS4 "request rejected or failed". */
  private static final int SOCKS4_REJECTED = 91;

  /** SOCKS4 "rejected because the SOCKS server cannot connect to identd on the client". */
  private static final int SOCKS4_IDENTD_UNREACHABLE = 92;

  /** SOCKS4 "rejected because the client program and identd report different user-ids". */
  private static final int SOCKS4_IDENTD_MISMATCH = 93;

  private SocksReplies() {}

  /**
   * The meaning of a SOCKS5 reply field, followed by the code: {@code host unreachable (reply 4)}.
   */
  static String socks5(int reply) {
    String words;
    switch (reply) {
      case 1:
        words = "general failure";
        break;
      case 2:
        words = "connection not allowed by ruleset";
        break;
      case 3:
        words = "network unreachable";
        break;
      case 4:
        words = "host unreachable";
        break;
      case 5:
        words = "connection refused by destination";
        break;
      case 6:
        words = "TTL expired";
        break;
      case 7:
        words = "command not supported";
        break;
      case 8:
        words = "address type not supported";
        break;
      default:
        words = "unknown SOCKS5 reply";
        break;
    }
    return words + " (reply " + reply + ")";
  }

  /**
   * The meaning of a SOCKS4 reply code, followed by the code: {@code request rejected or failed
   * (reply 91)}.
   */
  static String socks4(int reply) {
    String words;
    switch (reply) {
      case SOCKS4_REJECTED:
        words = "request rejected or failed";
        break;
      case SOCKS4_IDENTD_UNREACHABLE:
        words = "request rejected: the proxy could not reach identd on the client";
        break;
      case SOCKS4_IDENTD_MISMATCH:
        words = "request rejected: identd reported a different user id";
        break;
      default:
        words = "unknown SOCKS4 reply";
        break;
    }
    return words + " (reply " + reply + ")";
  }
}
