package dev.websocket.benchmarks.h2;

import dev.websocket.client.AsyncWebSocket;
import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Http2Mode;
import dev.websocket.client.TlsOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.client.WebSocketListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Many WebSockets to one {@code wss} origin (issue: WebSocket over HTTP/2, RFC 8441): this client
 * over HTTP/2 (one TLS connection), this client over HTTP/1.1 (one TLS connection each), and Jetty
 * 12's client over HTTP/2, against one Jetty server ({@link Http2EchoServer}) in a JVM of its own,
 * each client in a fresh JVM, in one run.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.websocket.benchmarks.h2.Http2Benchmark run [count] [rounds]
 * </pre>
 *
 * <p>Per client: the rate of opening {@code count} WebSockets one after the other; the heap (after
 * full GCs) and resident memory each idle WebSocket adds (the heap is fixed and pre-touched, so RSS
 * grows only off-heap); 64 B messages per second over 99 of them with 16 in flight on each; and the
 * round trip of 64 B on one more WebSocket while those 99 stay busy with one message in flight each
 * (p50, p99).
 */
public final class Http2Benchmark {

  private static final int BUSY = 100;
  private static final int IN_FLIGHT = 16;
  private static final byte[] MESSAGE = new byte[64];
  private static final Duration WARMUP = Duration.ofSeconds(2);
  private static final Duration MEASURE = Duration.ofSeconds(5);
  private static final int RT_WARMUP = 500;
  private static final int RT_SAMPLES = 5_000;
  private static final List<String> CLIENTS = List.of("this-h2", "this-h1", "jetty-h2");

  private Http2Benchmark() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "run" ->
          run(
              args.length > 1 ? Integer.parseInt(args[1]) : 1000,
              args.length > 2 ? Integer.parseInt(args[2]) : 1);
      case "client" ->
          System.out.println(
              "RESULT " + client(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3])));
      default ->
          throw new IllegalArgumentException(
              "usage: run [count] [rounds] | client NAME PORT COUNT");
    }
    System.exit(0);
  }

  // ---------------------------------------------------------------- the parent: server, children,
  // table

  private static void run(int count, int rounds) throws Exception {
    Process server = child(List.of(Http2EchoServer.class.getName()), "-Xmx1g");
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("LISTENING ")) {
        // Jetty's start-up lines
      }
      if (line == null) {
        throw new IllegalStateException("the server did not start");
      }
      int port = Integer.parseInt(line.substring("LISTENING ".length()).trim());
      Map<String, List<Map<String, Double>>> results = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < CLIENTS.size(); i++) {
          String name = CLIENTS.get((i + round) % CLIENTS.size());
          System.err.println("round " + (round + 1) + ": " + name);
          results.computeIfAbsent(name, k -> new ArrayList<>()).add(runClient(name, port, count));
        }
      }
      String table = table(count, rounds, results);
      System.out.println(table);
      Path file = Path.of("benchmarks/results/http2-" + count + ".md");
      Files.createDirectories(file.getParent());
      Files.writeString(file, table);
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Map<String, Double> runClient(String name, int port, int count) throws Exception {
    Process client =
        child(
            List.of(
                Http2Benchmark.class.getName(),
                "client",
                name,
                String.valueOf(port),
                String.valueOf(count)),
            "-Xms1g",
            "-Xmx1g",
            "-XX:+AlwaysPreTouch");
    BufferedReader out =
        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    Map<String, Double> result = null;
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("RESULT ")) {
        result = new LinkedHashMap<>();
        for (String pair : line.substring(7).split(" ")) {
          String[] kv = pair.split("=");
          result.put(kv[0], Double.parseDouble(kv[1]));
        }
      } else {
        System.err.println("  " + line);
      }
    }
    client.waitFor();
    if (result == null) {
      throw new IllegalStateException(
          name + " printed no result (exit " + client.exitValue() + ")");
    }
    return result;
  }

  private static Process child(List<String> mainAndArgs, String... jvmOptions) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.add("-Dio.netty.leakDetection.level=disabled");
    command.add("-Dslf4j.internal.verbosity=ERROR");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(mainAndArgs);
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static String table(
      int count, int rounds, Map<String, List<Map<String, Double>>> results) {
    Map<String, Map<String, Double>> median = new LinkedHashMap<>();
    results.forEach(
        (name, runs) -> {
          Map<String, Double> m = new LinkedHashMap<>();
          for (String key : runs.get(0).keySet()) {
            double[] values = runs.stream().mapToDouble(r -> r.get(key)).sorted().toArray();
            m.put(key, values[values.length / 2]);
          }
          median.put(name, m);
        });
    StringBuilder sb = new StringBuilder();
    sb.append("# ")
        .append(count)
        .append(" WebSockets to one wss origin: HTTP/2 against HTTP/1.1\n\n");
    sb.append(
            "`java -cp benchmarks/target/benchmarks.jar dev.websocket.benchmarks.h2.Http2Benchmark run ")
        .append(count)
        .append(' ')
        .append(rounds)
        .append("` — ")
        .append(Instant.now())
        .append(", JDK ")
        .append(System.getProperty("java.version"))
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs, load average ")
        .append(
            String.format(
                "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
        .append(", median of ")
        .append(rounds)
        .append(rounds == 1 ? " round" : " rounds")
        .append(".\n\n");
    sb.append(
            "| client | TCP connections | opened/s | heap B/WebSocket | native B/WebSocket | 64 B msgs/s over ")
        .append(BUSY)
        .append(" | RT p50 µs | RT p99 µs |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    median.forEach(
        (name, m) ->
            sb.append(
                String.format(
                    "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
                    name,
                    name.endsWith("h2") ? "1" : String.valueOf(count),
                    m.get("opensPerSecond"),
                    m.get("heapPerSocket"),
                    m.get("nativePerSocket"),
                    m.get("messagesPerSecond"),
                    m.get("rtP50Micros"),
                    m.get("rtP99Micros"))));
    Map<String, Double> h2 = median.get("this-h2");
    Map<String, Double> h1 = median.get("this-h1");
    Map<String, Double> jetty = median.get("jetty-h2");
    if (h2 != null && h1 != null) {
      sb.append(
          String.format(
              "%nThis client, HTTP/2 against HTTP/1.1: open rate %.1fx (goal >= 10x), idle heap + native"
                  + " memory per WebSocket %.2fx (goal <= 0.5x), 64 B throughput %.2fx, p99 %.2fx.%n",
              h2.get("opensPerSecond") / h1.get("opensPerSecond"),
              (h2.get("heapPerSocket") + h2.get("nativePerSocket"))
                  / (h1.get("heapPerSocket") + h1.get("nativePerSocket")),
              h2.get("messagesPerSecond") / h1.get("messagesPerSecond"),
              h2.get("rtP99Micros") / h1.get("rtP99Micros")));
    }
    if (h2 != null && jetty != null) {
      sb.append(
          String.format(
              "This client against Jetty's, both over HTTP/2: open rate %.2fx, 64 B throughput %.2fx"
                  + " (goals >= 1.25x), idle memory per WebSocket %.2fx.%n",
              h2.get("opensPerSecond") / jetty.get("opensPerSecond"),
              h2.get("messagesPerSecond") / jetty.get("messagesPerSecond"),
              (h2.get("heapPerSocket") + h2.get("nativePerSocket"))
                  / (jetty.get("heapPerSocket") + jetty.get("nativePerSocket"))));
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- a child: one client

  /** One WebSocket as the workloads see it. */
  private interface Link {
    void send(byte[] message);

    void close() throws Exception;
  }

  /** Where a link's echoes go. */
  private interface Receiver {
    void onMessage(Link link);
  }

  /** A client under test. */
  private interface Client extends AutoCloseable {
    Link open(String url, Receiver receiver) throws Exception;
  }

  private static String client(String name, int port, int count) throws Exception {
    String url = "wss://127.0.0.1:" + port + "/";
    try (Client client =
        switch (name) {
          case "this-h2" -> new ThisClient(Http2Mode.REQUIRE);
          case "this-h1" -> new ThisClient(Http2Mode.OFF);
          case "jetty-h2" -> new JettyClient();
          default -> throw new IllegalArgumentException(name);
        }) {
      Workload workload = new Workload();
      List<Link> warm = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        warm.add(client.open(url, workload));
      }
      long heap0 = heapAfterGc();
      long rss0 = rss();
      List<Link> links = new ArrayList<>(count);
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        links.add(client.open(url, workload));
      }
      double opensPerSecond = count / ((System.nanoTime() - start) / 1e9);
      long heap1 = heapAfterGc();
      long rss1 = rss();

      List<Link> busy = links.subList(1, Math.min(BUSY, links.size()));
      workload.busy(busy, IN_FLIGHT);
      Thread.sleep(WARMUP.toMillis());
      workload.count.reset();
      long t0 = System.nanoTime();
      Thread.sleep(MEASURE.toMillis());
      double messagesPerSecond = workload.count.sum() / ((System.nanoTime() - t0) / 1e9);
      System.out.println(
          name
              + ": opened "
              + count
              + " at "
              + Math.round(opensPerSecond)
              + "/s, "
              + Math.round(messagesPerSecond)
              + " messages/s over "
              + busy.size());
      workload.stop();
      workload.awaitQuiet();
      workload.busy(busy, 1);
      Histogram rt = workload.roundTrips(links.get(0)).get(120, TimeUnit.SECONDS);
      workload.stop();

      for (Link link : links) {
        link.close();
      }
      for (Link link : warm) {
        link.close();
      }
      return String.format(
          "opensPerSecond=%.1f heapPerSocket=%.1f nativePerSocket=%.1f messagesPerSecond=%.1f"
              + " rtP50Micros=%.1f rtP99Micros=%.1f",
          opensPerSecond,
          (heap1 - heap0) / (double) count,
          (rss1 - rss0) / (double) count,
          messagesPerSecond,
          rt.getValueAtPercentile(50) / 1000.0,
          rt.getValueAtPercentile(99) / 1000.0);
    }
  }

  /**
   * Keeps {@link #IN_FLIGHT} messages in flight on each busy link; times round trips on one other.
   */
  private static final class Workload implements Receiver {
    final LongAdder count = new LongAdder();
    private volatile boolean running;
    private volatile Link timed;
    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    private final CompletableFuture<Histogram> done = new CompletableFuture<>();
    private long sentAt;
    private int samples;

    void busy(List<Link> links, int inFlight) {
      running = true;
      for (Link link : links) {
        for (int i = 0; i < inFlight; i++) {
          link.send(MESSAGE);
        }
      }
    }

    /** Waits until the echoes in flight have come back (no message for 200 ms). */
    void awaitQuiet() throws InterruptedException {
      long last = -1;
      while (count.sum() != last) {
        last = count.sum();
        Thread.sleep(200);
      }
    }

    CompletableFuture<Histogram> roundTrips(Link link) {
      timed = link;
      sentAt = System.nanoTime();
      link.send(MESSAGE);
      return done;
    }

    void stop() {
      running = false;
    }

    @Override
    public void onMessage(Link link) {
      if (link == timed) {
        long now = System.nanoTime();
        if (++samples > RT_WARMUP) {
          histogram.recordValue(now - sentAt);
        }
        if (samples >= RT_WARMUP + RT_SAMPLES) {
          timed = null;
          done.complete(histogram);
          return;
        }
        sentAt = System.nanoTime();
        link.send(MESSAGE);
        return;
      }
      count.increment();
      if (running) {
        link.send(MESSAGE);
      }
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Resident set size from /proc, in bytes. */
  private static long rss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    return 0;
  }

  /**
   * This client's async front door, compression off, certificates not checked (nor are Jetty's).
   */
  private static final class ThisClient implements Client {
    private final ConnectOptions options;

    ThisClient(Http2Mode mode) {
      options =
          ConnectOptions.builder()
              .http2(mode)
              .compression(false)
              .proxyFromEnvironment(false)
              .timeout(Duration.ofSeconds(30))
              .tls(TlsOptions.insecure())
              .build();
    }

    @Override
    public Link open(String url, Receiver receiver) throws Exception {
      Link[] link = new Link[1];
      AsyncWebSocket ws =
          WebSocket.connectAsync(
                  url,
                  options,
                  new WebSocketListener() {
                    @Override
                    public void onBinary(AsyncWebSocket socket, ByteBuffer data) {
                      receiver.onMessage(link[0]);
                    }
                  })
              .get(30, TimeUnit.SECONDS);
      link[0] =
          new Link() {
            @Override
            public void send(byte[] message) {
              ws.sendBinary(message);
            }

            @Override
            public void close() throws Exception {
              ws.close().get(10, TimeUnit.SECONDS);
            }
          };
      return link[0];
    }

    @Override
    public void close() {}
  }

  /** Jetty 12's WebSocket client over its HTTP/2 transport (one multiplexed connection). */
  private static final class JettyClient implements Client {
    private final WebSocketClient client;

    JettyClient() throws Exception {
      ClientConnector connector = new ClientConnector();
      connector.setSslContextFactory(new SslContextFactory.Client(true));
      HTTP2Client http2 = new HTTP2Client(connector);
      HttpClient http = new HttpClient(new HttpClientTransportOverHTTP2(http2));
      client = new WebSocketClient(http);
      client.start();
    }

    @Override
    public Link open(String url, Receiver receiver) throws Exception {
      JettyLink link = new JettyLink(receiver);
      link.session = client.connect(link, URI.create(url)).get(30, TimeUnit.SECONDS);
      return link;
    }

    @Override
    public void close() throws Exception {
      client.stop();
    }
  }

  /** Public: Jetty looks listener methods up reflectively. */
  public static final class JettyLink implements Session.Listener.AutoDemanding, Link {
    private final Receiver receiver;
    volatile Session session;

    JettyLink(Receiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      callback.succeed();
      receiver.onMessage(this);
    }

    @Override
    public void send(byte[] message) {
      // Jetty masks in place: each send gets a buffer of its own, as a Jetty user must do.
      session.sendBinary(ByteBuffer.wrap(message.clone()), Callback.NOOP);
    }

    @Override
    public void close() {
      session.close();
    }
  }
}
