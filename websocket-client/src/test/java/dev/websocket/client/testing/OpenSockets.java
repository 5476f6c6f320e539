package dev.websocket.client.testing;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * This process's open descriptors that are TCP sockets still connecting (SYN sent) to an address,
 * read from {@code /proc/self/fd} and {@code /proc/net/tcp6}: a connect attempt that was not
 * closed. Counting only these, not every descriptor, keeps the count exact while other tests' or
 * pools' sockets close in the background.
 */
public final class OpenSockets {

  /** The state column's value for SYN_SENT. */
  private static final String SYN_SENT = "02";

  private OpenSockets() {}

  /** Whether the process's descriptors and the kernel's IPv6 socket table can be read here. */
  public static boolean readable() {
    return Files.isDirectory(Path.of("/proc/self/fd"))
        && Files.isReadable(Path.of("/proc/net/tcp6"));
  }

  /** The descriptors of this process whose socket is connecting to the IPv6 {@code address}. */
  public static long connectingTo(InetSocketAddress address) throws IOException {
    if (!(address.getAddress() instanceof Inet6Address)) {
      throw new IllegalArgumentException("an IPv6 address is needed: " + address);
    }
    Set<String> inodes = socketInodes();
    String remote = procAddress(address);
    List<String> lines = Files.readAllLines(Path.of("/proc/net/tcp6"));
    long count = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 9 && f[2].equals(remote) && f[3].equals(SYN_SENT) && inodes.contains(f[9])) {
        count++;
      }
    }
    return count;
  }

  /**
   * {@link #connectingTo} once it is {@code expected}, or after a few seconds: closes finish on the
   * event loops.
   */
  public static long awaitConnectingTo(InetSocketAddress address, long expected)
      throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    long count = connectingTo(address);
    while (count != expected && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      count = connectingTo(address);
    }
    return count;
  }

  private static Set<String> socketInodes() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // closed while listing
        }
      }
    }
    return inodes;
  }

  /**
   * The address as /proc/net/tcp6 writes it: four 32-bit words, each in host (little-endian) order,
   * then the port.
   */
  private static String procAddress(InetSocketAddress address) {
    byte[] a = address.getAddress().getAddress();
    StringBuilder sb = new StringBuilder(37);
    for (int word = 0; word < 4; word++) {
      for (int i = 3; i >= 0; i--) {
        sb.append(String.format("%02X", a[word * 4 + i] & 0xFF));
      }
    }
    return sb.append(':').append(String.format(Locale.ROOT, "%04X", address.getPort())).toString();
  }
}
