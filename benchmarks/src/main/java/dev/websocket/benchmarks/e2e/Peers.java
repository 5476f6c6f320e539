package dev.websocket.benchmarks.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Every client of the comparison, by the key the runner is started with, in table order. */
final class Peers {

  /** The raw TCP ceiling's key. */
  static final String RAW = "raw";

  private static final Map<String, Callable<Peer>> ALL = new LinkedHashMap<>();

  static {
    ALL.put("this-blocking", ThisBlockingPeer::new);
    ALL.put("this-blocking-caller", ThisBlockingPeer::callerThreadIo);
    ALL.put("this-async", ThisAsyncPeer::new);
    ALL.put("this-async-try", ThisAsyncPeer::withoutFutures);
    ALL.put("this-netty", ThisNettyPeer::new);
    ALL.put("netty", NettyPeer::new);
    ALL.put("jdk", JdkPeer::new);
    ALL.put("okhttp", OkHttpPeer::new);
    ALL.put("java-websocket", JavaWebSocketPeer::new);
    ALL.put("jetty", JettyPeer::new);
    ALL.put(RAW, RawTcpPeer::new);
  }

  private Peers() {}

  static List<String> keys() {
    return List.copyOf(ALL.keySet());
  }

  static Peer create(String key) throws Exception {
    Callable<Peer> factory = ALL.get(key);
    if (factory == null) {
      throw new IllegalArgumentException("unknown client " + key + "; one of " + ALL.keySet());
    }
    return factory.call();
  }
}
