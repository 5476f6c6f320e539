package dev.websocket.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Hex vectors for tests: spaces and comments after "//" on each line are ignored. */
public final class Hex {
  private Hex() {}

  /** Bytes of a hex string; whitespace and {@code //} comments to the end of a line are ignored. */
  public static byte[] bytes(String hex) {
    StringBuilder clean = new StringBuilder();
    for (String line : hex.split("\n")) {
      int comment = line.indexOf("//");
      clean.append((comment >= 0 ? line.substring(0, comment) : line).replaceAll("\\s", ""));
    }
    return ByteBufUtil.decodeHexDump(clean);
  }

  /** A heap buffer over {@link #bytes(String)}. */
  public static ByteBuf buf(String hex) {
    return Unpooled.wrappedBuffer(bytes(hex));
  }

  static String of(ByteBuf buf) {
    return ByteBufUtil.hexDump(buf);
  }

  static String of(byte[] bytes) {
    return ByteBufUtil.hexDump(bytes);
  }
}
