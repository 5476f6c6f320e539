package dev.websocket.wsdump;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/**
 * Turns a binary payload into display text as Python's wsdump does: gzip data (by its magic bytes)
 * is shown as {@code [gzip] text}, deflate data as {@code [zlib] text}, anything else as escaped
 * bytes ({@link BytesRepr}). Decompressed bytes must be UTF-8 to count.
 */
final class BinaryPayloads {

  /**
   * The most a payload may inflate to before it is shown as bytes instead: a small message that
   * inflates to gigabytes must not take the heap down with it.
   */
  static final int MAX_INFLATED_BYTES = 16 * 1024 * 1024;

  private static final int GZIP_MAGIC_1 = 0x1F;
  private static final int GZIP_MAGIC_2 = 0x8B;

  private BinaryPayloads() {}

  /** The payload as wsdump shows it. */
  static String describe(byte[] payload) {
    String text;
    if (payload.length > 2
        && (payload[0] & 0xFF) == GZIP_MAGIC_1
        && (payload[1] & 0xFF) == GZIP_MAGIC_2) {
      // As in Python, data that claims to be gzip is not tried as anything else.
      text = utf8(gunzip(payload));
      return text != null ? "[gzip] " + text : BytesRepr.of(payload);
    }
    // Python tries raw deflate (wbits -15) only; a zlib header is accepted too, under the same
    // label.
    text = utf8(inflate(payload, true));
    if (text == null) {
      text = utf8(inflate(payload, false));
    }
    return text != null ? "[zlib] " + text : BytesRepr.of(payload);
  }

  /** The text of a whole deflate stream, or null when it is not one (or inflates too far). */
  private static byte[] inflate(byte[] payload, boolean raw) {
    Inflater inflater = new Inflater(raw);
    try {
      inflater.setInput(payload);
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, payload.length * 2));
      byte[] chunk = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return null; // truncated, or needs a preset dictionary we do not have
        }
        out.write(chunk, 0, n);
        if (out.size() > MAX_INFLATED_BYTES) {
          return null;
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  private static byte[] gunzip(byte[] payload) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, payload.length * 2));
      byte[] chunk = new byte[8192];
      for (int n; (n = in.read(chunk)) > 0; ) {
        out.write(chunk, 0, n);
        if (out.size() > MAX_INFLATED_BYTES) {
          return null;
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      return null;
    }
  }

  /** Strict UTF-8, as Python's {@code str(data, "utf-8")}: null for malformed input. */
  static String utf8(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
