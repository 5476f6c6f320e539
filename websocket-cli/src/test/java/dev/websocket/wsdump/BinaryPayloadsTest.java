package dev.websocket.wsdump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BinaryPayloadsTest {

  @Test
  void gzipByItsMagic() throws IOException {
    assertEquals("[gzip] hello", BinaryPayloads.describe(gzip(utf8("hello"))));
  }

  @Test
  void rawDeflateAsPythonTriesIt() {
    assertEquals("[zlib] hello", BinaryPayloads.describe(deflate(utf8("hello"), true)));
  }

  @Test
  void zlibWrappedDeflateToo() {
    assertEquals("[zlib] hello", BinaryPayloads.describe(deflate(utf8("hello"), false)));
  }

  @Test
  void plainBytesAsRepr() {
    assertEquals("b'\\x01\\x02\\x03'", BinaryPayloads.describe(new byte[] {1, 2, 3}));
  }

  @Test
  void emptyAsRepr() {
    assertEquals("b''", BinaryPayloads.describe(new byte[0]));
  }

  @Test
  void decompressedNonUtf8IsShownAsTheOriginalBytes() {
    byte[] compressed = deflate(new byte[] {(byte) 0xFF, (byte) 0xFE}, true);
    assertEquals(BytesRepr.of(compressed), BinaryPayloads.describe(compressed));
  }

  @Test
  void truncatedDeflateIsShownAsBytes() {
    byte[] whole = deflate(utf8("a message long enough to be cut somewhere in the middle"), true);
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);
    assertEquals(BytesRepr.of(cut), BinaryPayloads.describe(cut));
  }

  @Test
  void corruptGzipIsShownAsBytesAndNotTriedAsDeflate() {
    byte[] bad = {0x1F, (byte) 0x8B, 0, 0};
    assertEquals(BytesRepr.of(bad), BinaryPayloads.describe(bad));
  }

  @Test
  void aDecompressionBombIsShownAsBytes() {
    byte[] bomb = deflate(new byte[BinaryPayloads.MAX_INFLATED_BYTES + 1], true);
    assertTrue(BinaryPayloads.describe(bomb).startsWith("b'"));
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  static byte[] deflate(byte[] data, boolean raw) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, raw);
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      while (!deflater.finished()) {
        out.write(chunk, 0, deflater.deflate(chunk));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
