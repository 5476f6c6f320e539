package dev.websocket.benchmarks.codec;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic UTF-8 payloads for the text benchmarks: words drawn at random (fixed seed) from a
 * small vocabulary, so the byte pattern does not repeat with a short period that a branch predictor
 * could learn.
 */
final class Texts {

  private static final String[] ASCII_WORDS = {
    "{\"type\":",
    "\"message\",",
    "\"user\":",
    "\"U024BE7LH\",",
    "\"text\":",
    "\"ok\"}",
    "hello",
    "world",
    "the",
    "quick",
    "brown",
    "fox",
    "jumps",
    "over",
    "lazy",
    "dog",
    "42",
    "3.14159",
  };

  /**
   * Latin with accents (1 and 2 bytes a character), Cyrillic (2), CJK (3) and emoji (4), in roughly
   * equal shares of bytes.
   */
  private static final String[] MIXED_WORDS = {
    "Grüße",
    "aus",
    "Köln",
    "señor",
    "naïve",
    "café",
    "déjà",
    "vu",
    "Съешь",
    "же",
    "ещё",
    "этих",
    "мягких",
    "французских",
    "булок",
    "我能吞下",
    "玻璃",
    "而不伤身体",
    "日本語",
    "テキスト",
    "한국어",
    "\uD83D\uDE00",
    "\uD83C\uDF89\uD83D\uDE80",
    "\uD83D\uDC4D",
  };

  private Texts() {}

  /** Text of kind {@code name} ("ascii" or "mixed"), exactly {@code size} bytes of valid UTF-8. */
  static byte[] utf8(String name, int size) {
    String[] words;
    switch (name) {
      case "ascii":
        words = ASCII_WORDS;
        break;
      case "mixed":
        words = MIXED_WORDS;
        break;
      default:
        throw new IllegalArgumentException("text: " + name);
    }
    SplittableRandom random = new SplittableRandom(42);
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    while (true) {
      String word = words[random.nextInt(words.length)];
      int n = word.getBytes(StandardCharsets.UTF_8).length + 1;
      if (bytes + n > size) {
        break;
      }
      sb.append(word).append(random.nextInt(8) == 0 ? '\n' : ' ');
      bytes += n;
    }
    // ASCII padding, so the text ends on a character boundary at exactly size bytes.
    while (bytes < size) {
      sb.append(' ');
      bytes++;
    }
    byte[] out = sb.toString().getBytes(StandardCharsets.UTF_8);
    if (out.length != size) {
      throw new AssertionError(out.length + " != " + size);
    }
    return out;
  }
}
