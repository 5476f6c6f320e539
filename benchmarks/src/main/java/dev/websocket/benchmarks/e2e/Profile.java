package dev.websocket.benchmarks.e2e;

import java.time.Duration;

/**
 * The sizes and durations of one run. {@code quick} checks that everything works in under three
 * minutes; {@code full} is the run whose table is committed; {@code rt} runs only the round trips,
 * ten times as many, in both placements.
 */
final class Profile {

  /** The small message: 64 bytes, a typical event or quote. */
  static final int SMALL = 64;

  /** The large message: 1 MiB. */
  static final int LARGE = 1024 * 1024;

  /** Small messages in flight in the pipelined workload. */
  static final int SMALL_WINDOW = 64;

  /** Large messages in flight in the 1 MiB workload: enough to keep both directions busy. */
  static final int LARGE_WINDOW = 4;

  final String name;
  final int rounds;
  final int roundTripWarmup;
  final int roundTrips;
  final Duration streamWarmup;
  final Duration streamMeasure;
  final Duration bulkWarmup;
  final Duration bulkMeasure;
  final Duration handshakeWarmup;
  final Duration handshakeMeasure;
  final int idleConnections;

  private Profile(
      String name,
      int rounds,
      int roundTripWarmup,
      int roundTrips,
      Duration streamWarmup,
      Duration streamMeasure,
      Duration bulkWarmup,
      Duration bulkMeasure,
      Duration handshakeWarmup,
      Duration handshakeMeasure,
      int idleConnections) {
    this.name = name;
    this.rounds = rounds;
    this.roundTripWarmup = roundTripWarmup;
    this.roundTrips = roundTrips;
    this.streamWarmup = streamWarmup;
    this.streamMeasure = streamMeasure;
    this.bulkWarmup = bulkWarmup;
    this.bulkMeasure = bulkMeasure;
    this.handshakeWarmup = handshakeWarmup;
    this.handshakeMeasure = handshakeMeasure;
    this.idleConnections = idleConnections;
  }

  static Profile of(String name) {
    switch (name) {
      case "quick":
        return new Profile(
            "quick", 1, 5_000, 20_000, ms(500), ms(1500), ms(500), ms(1500), ms(500), ms(1000),
            1_000);
      case "full":
        // Handshakes warm up longest: their code path is long, and C2 was still compiling it after
        // one second. Round trips warm up for 200,000: after 20,000, C2 still compiled about a
        // hundred methods during the measured ones, on every client.
        return new Profile(
            "full", 3, 200_000, 20_000, ms(1500), ms(5000), ms(1000), ms(3000), ms(3000), ms(3000),
            10_000);
      case "rt":
        return new Profile("rt", 3, 200_000, 200_000, ms(0), ms(0), ms(0), ms(0), ms(0), ms(0), 0);
      default:
        throw new IllegalArgumentException("profile is quick, full or rt: " + name);
    }
  }

  /** Whether this run measures the round trips alone: no other workload, no idle test. */
  boolean roundTripsOnly() {
    return name.equals("rt");
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Override
  public String toString() {
    return name
        + ": "
        + rounds
        + " round(s); round trip "
        + roundTripWarmup
        + " warm-up, then blocks of "
        + roundTrips
        + " until the JIT settles, then "
        + roundTrips
        + " measured, also with client and server on one CPU; pipelined "
        + SMALL_WINDOW
        + " x "
        + SMALL
        + " B in flight, "
        + streamWarmup.toMillis()
        + " ms warm-up + "
        + streamMeasure.toMillis()
        + " ms; 1 MiB echo "
        + LARGE_WINDOW
        + " in flight, "
        + bulkWarmup.toMillis()
        + " + "
        + bulkMeasure.toMillis()
        + " ms; handshakes "
        + handshakeWarmup.toMillis()
        + " + "
        + handshakeMeasure.toMillis()
        + " ms; idle "
        + idleConnections
        + " connections";
  }
}
