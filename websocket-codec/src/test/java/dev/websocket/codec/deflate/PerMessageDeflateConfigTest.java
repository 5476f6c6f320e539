package dev.websocket.codec.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** RFC 7692 section 7.1: the offer string, and the configuration's defaults and checks. */
class PerMessageDeflateConfigTest {

  @Test
  void theDefaultOfferLetsTheServerPickTheClientWindow() {
    assertEquals(
        "permessage-deflate; client_max_window_bits", PerMessageDeflateConfig.DEFAULT.offer());
  }

  @Test
  void everyParameterAppearsInTheOffer() {
    PerMessageDeflateConfig config =
        PerMessageDeflateConfig.builder()
            .serverNoContextTakeover(true)
            .clientNoContextTakeover(true)
            .serverMaxWindowBits(10)
            .clientMaxWindowBits(12)
            .build();
    assertEquals(
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover;"
            + " server_max_window_bits=10; client_max_window_bits=12",
        config.offer());
  }

  @Test
  void theBareWindowParameterCanBeLeftOut() {
    PerMessageDeflateConfig config =
        PerMessageDeflateConfig.builder().offerClientMaxWindowBits(false).build();
    assertEquals("permessage-deflate", config.offer());
    assertFalse(config.offersClientMaxWindowBits());
  }

  @Test
  void aClientWindowValueIsOfferedEvenWithoutTheBareParameter() {
    PerMessageDeflateConfig config =
        PerMessageDeflateConfig.builder()
            .offerClientMaxWindowBits(false)
            .clientMaxWindowBits(9)
            .build();
    assertEquals("permessage-deflate; client_max_window_bits=9", config.offer());
    assertTrue(config.offersClientMaxWindowBits());
  }

  @Test
  void defaults() {
    PerMessageDeflateConfig config = PerMessageDeflateConfig.DEFAULT;
    assertTrue(config.isEnabled());
    assertTrue(config.offersClientMaxWindowBits());
    assertEquals(OptionalInt.empty(), config.clientMaxWindowBits());
    assertEquals(OptionalInt.empty(), config.serverMaxWindowBits());
    assertFalse(config.requestsServerNoContextTakeover());
    assertFalse(config.requestsClientNoContextTakeover());
    assertEquals(1024, config.compressionThreshold());
    assertEquals(6, config.compressionLevel());
    assertEquals(
        "PerMessageDeflateConfig{enabled=true, offerClientMaxWindowBits=true,"
            + " clientMaxWindowBits=unset, serverMaxWindowBits=unset, serverNoContextTakeover=false,"
            + " clientNoContextTakeover=false, compressionThreshold=1024, compressionLevel=6}",
        config.toString());
  }

  @Test
  void aDisabledConfigHasNoOffer() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, PerMessageDeflateConfig.DISABLED::offer);
    assertEquals("permessage-deflate is disabled: there is nothing to offer", e.getMessage());
  }

  @Test
  void toBuilderKeepsEveryField() {
    PerMessageDeflateConfig config =
        PerMessageDeflateConfig.builder()
            .serverMaxWindowBits(9)
            .clientNoContextTakeover(true)
            .compressionThreshold(0)
            .compressionLevel(1)
            .build();
    assertEquals(config.toString(), config.toBuilder().build().toString());
  }

  @Test
  void outOfRangeValuesAreRefused() {
    PerMessageDeflateConfig.Builder b = PerMessageDeflateConfig.builder();
    assertEquals(
        "serverMaxWindowBits must be from 8 to 15: 16",
        assertThrows(IllegalArgumentException.class, () -> b.serverMaxWindowBits(16)).getMessage());
    assertEquals(
        "clientMaxWindowBits must be from 8 to 15: 7",
        assertThrows(IllegalArgumentException.class, () -> b.clientMaxWindowBits(7)).getMessage());
    assertEquals(
        "compressionThreshold must not be negative: -1",
        assertThrows(IllegalArgumentException.class, () -> b.compressionThreshold(-1))
            .getMessage());
    assertEquals(
        "compressionLevel must be from 0 to 9: 10",
        assertThrows(IllegalArgumentException.class, () -> b.compressionLevel(10)).getMessage());
  }

  @Test
  void agreedParametersPrintAsAnExtensionElement() {
    assertEquals("permessage-deflate", DeflateParameters.DEFAULT.toString());
    DeflateParameters p =
        DeflateParameters.builder().serverNoContextTakeover(true).clientMaxWindowBits(10).build();
    assertEquals(
        "permessage-deflate; server_no_context_takeover; client_max_window_bits=10", p.toString());
    assertEquals(p, p.toBuilder().build());
    assertEquals(p.hashCode(), p.toBuilder().build().hashCode());
  }
}
