package dev.websocket.testing.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a hostile server does after the opening handshake, for as long as the client lets it: floods
 * of frames a server can repeat forever, a huge frame sent a byte at a time, and a redirect to a
 * local Unix socket. In every case but {@link #LARGE_PINGS_WHILE_READING} the application does not
 * read while the flood runs.
 */
public enum HostileCase {

  /** Endless empty pings ({@code 89 00}), never reading the pongs. */
  PING_FLOOD("endless 2-byte pings, pongs never read", false) {
    @Override
    void run(OutputStream out) throws IOException {
      flood(out, hex("8900"));
    }
  },

  /** One non-final binary frame, then endless empty continuation frames ({@code 00 00}). */
  EMPTY_CONTINUATIONS("a fragmented message of endless empty continuations", false) {
    @Override
    void run(OutputStream out) throws IOException {
      out.write(hex("0200"));
      flood(out, hex("0000"));
    }
  },

  /** Endless 1-byte binary messages. */
  ONE_BYTE_MESSAGES("endless 1-byte binary messages", false) {
    @Override
    void run(OutputStream out) throws IOException {
      flood(out, hex("820141"));
    }
  },

  /** The header of a 32 MiB binary frame, then its payload one byte per TCP send. */
  DRIBBLED_FRAME("a 32 MiB frame sent one byte per TCP send", false) {
    @Override
    void run(OutputStream out) throws IOException {
      out.write(hex("827f0000000002000000"));
      out.flush();
      for (int i = 0; i < DRIBBLED_FRAME_BYTES; i++) {
        out.write('x');
        out.flush();
      }
    }
  },

  /** 125-byte pings at full speed while the application reads, never reading the pongs. */
  LARGE_PINGS_WHILE_READING(
      "125-byte pings at full speed, pongs never read, the application reading", true) {
    @Override
    void run(OutputStream out) throws IOException {
      byte[] ping = new byte[2 + 125];
      ping[0] = (byte) 0x89;
      ping[1] = 125;
      Arrays.fill(ping, 2, ping.length, (byte) 'p');
      flood(out, ping);
    }
  },

  /**
   * A 302 to {@code ws+unix://}, which a client must not follow (the server would reach a local
   * socket).
   */
  REDIRECT_TO_UNIX_SOCKET("302 to ws+unix:///var/run/docker.sock", false) {
    @Override
    boolean upgrades() {
      return false;
    }

    @Override
    void run(OutputStream out) throws IOException {
      out.write(
          ("HTTP/1.1 302 Found\r\nLocation: ws+unix:///var/run/docker.sock:/containers/json\r\n"
                  + "Content-Length: 0\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  };

  /** The payload length the dribbled frame announces: 32 MiB. */
  public static final int DRIBBLED_FRAME_BYTES = 32 * 1024 * 1024;

  private static final int BLOCK = 64 * 1024;

  private final String description;
  private final boolean applicationReads;

  HostileCase(String description, boolean applicationReads) {
    this.description = description;
    this.applicationReads = applicationReads;
  }

  /** One line saying what the server does. */
  public String description() {
    return description;
  }

  /** Whether the application reads while the server floods (else it does not read at all). */
  public boolean applicationReads() {
    return applicationReads;
  }

  /** Whether the server answers the opening handshake with a 101 before {@link #run}. */
  boolean upgrades() {
    return true;
  }

  /** Does the hostile part, until the client closes the connection (a write then fails). */
  abstract void run(OutputStream out) throws IOException;

  /** Writes {@code unit} again and again, a block of them per write. */
  private static void flood(OutputStream out, byte[] unit) throws IOException {
    byte[] block = new byte[BLOCK / unit.length * unit.length];
    for (int i = 0; i < block.length; i += unit.length) {
      System.arraycopy(unit, 0, block, i, unit.length);
    }
    while (true) {
      out.write(block);
    }
  }

  private static byte[] hex(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }
}
