package dev.websocket.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HexTest {

  @Test
  void decodesPairsIgnoringSpacesLinesAndComments() {
    assertArrayEquals(
        new byte[] {(byte) 0x81, 0x05, 0x48, 0x65},
        Hex.decode("81 05   // FIN TEXT len=5\n4865 // \"He\"\n"));
  }

  @Test
  void encodesAsSpacedLowerCasePairs() {
    assertEquals("00 7f ff", Hex.encode(new byte[] {0, 0x7f, (byte) 0xff}));
  }

  @Test
  void refusesAnOddNumberOfDigitsOrANonHexCharacter() {
    assertThrows(IllegalArgumentException.class, () -> Hex.decode("abc"));
    assertThrows(IllegalArgumentException.class, () -> Hex.decode("zz"));
  }
}
