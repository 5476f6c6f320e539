package dev.websocket.client;

import dev.websocket.codec.Opcode;
import java.nio.charset.StandardCharsets;

/** A received message or frame, copied out of the connection's buffers. */
final class ReceivedData implements Message, Data {

  private final Opcode opcode;
  private final boolean fin;
  private final byte[] data;

  ReceivedData(Opcode opcode, boolean fin, byte[] data) {
    this.opcode = opcode;
    this.fin = fin;
    this.data = data;
  }

  @Override
  public Opcode opcode() {
    return opcode;
  }

  @Override
  public boolean isFinal() {
    return fin;
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean isText() {
    return opcode == Opcode.TEXT;
  }

  @Override
  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }

  @Override
  public byte[] bytes() {
    return data.clone();
  }

  @Override
  public String toString() {
    return opcode + (fin ? "" : " (fragment)") + " " + data.length + " bytes";
  }
}
