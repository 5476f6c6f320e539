package dev.websocket.benchmarks.robustness;

import dev.websocket.client.HostileOwnClients;
import dev.websocket.testing.hostile.HostileProbe;

/** The child-JVM main of the robustness table: one client, one hostile case. */
public final class RobustnessChild {

  private RobustnessChild() {}

  /** {@code case url holdMillis client}. */
  public static void main(String[] args) {
    HostileProbe.main(
        args,
        key ->
            HostileOwnClients.KEYS.contains(key)
                ? HostileOwnClients.client(key)
                : PeerClients.client(key));
  }
}
