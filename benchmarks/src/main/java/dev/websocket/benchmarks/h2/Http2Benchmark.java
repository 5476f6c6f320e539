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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
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
 * <p>Per client, every client driven by the same code: a warm-up ({@code count} WebSockets opened
 * one after the other and closed again, so the client's JVM and the server run compiled code); the
 * rate of opening {@code count} WebSockets with {@link #OPEN_WINDOW} opens in flight (then closed
 * again; the median of {@link #CONCURRENT_REPEATS} times); the rate of opening {@code count}
 * WebSockets one after the other, which then stay open and idle; the heap (after full GCs) and
 * native memory each of those adds; 64 B messages per second over 99 of them with 16 in flight on
 * each; and the round trip of 64 B on one more WebSocket while those 99 stay busy with one message
 * in flight each (p50, p99).
 *
 * <p>Native memory is what Native Memory Tracking sees outside the heap and outside the JVM's own
 * compiled code and class metadata ({@link #JVM_ONLY}): direct buffers, thread stacks, the
 * collector's structures. Compilation goes on while the WebSockets open and moves the process's
 * resident size by megabytes either way, so resident-size deltas say nothing about 1,000 sockets.
 * Memory that native libraries allocate themselves (zlib, OpenSSL) is outside the tracking; no
 * client here uses it (compression off, the JDK's TLS), and the kernel's socket state is outside
 * the process altogether.
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

  /** Opens in flight at once in the concurrent open. */
  static final int OPEN_WINDOW = 100;

  /**
   * Concurrent opens of {@code count} WebSockets per client, each closed again, of which the median
   * counts: one takes under a second, where one compilation or collection weighs heavily.
   */
  private static final int CONCURRENT_REPEATS = 3;

  /**
   * Native Memory Tracking categories that belong to the JVM rather than to the WebSockets: the
   * heap (counted on its own), compiled code and the compilers' arenas, class metadata and the
   * tracking itself.
   */
  private static final Set<String> JVM_ONLY =
      Set.of(
          "Java Heap",
          "Code",
          "Compiler",
          "Arena Chunk",
          "Class",
          "Metaspace",
          "Symbol",
          "Shared class space",
          "Module",
          "Native Memory Tracking");

  private Http2Benchmark() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "run" ->
          run(
              args.length > 1 ? Integer.parseInt(args[1]) : 1000,
              args.length > 2 ? Integer.parseInt(args[2]) : 1);
      case "chart" ->
          Http2Chart.write(
              Path.of("benchmarks/results/http2-" + args[1] + ".md"),
              Path.of("benchmarks/results/http2-" + args[1] + ".png"));
      case "client" ->
          System.out.println(
              "RESULT " + client(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3])));
      default ->
          throw new IllegalArgumentException(
              "usage: run [count] [rounds] | chart COUNT | client NAME PORT COUNT");
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
      Http2Chart.write(file, Path.of("benchmarks/results/http2-" + count + ".png"));
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
            "-XX:+AlwaysPreTouch",
            "-XX:NativeMemoryTracking=summary");
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
            "| client | TCP connections | opened/s one by one | opened/s "
                + OPEN_WINDOW
                + " in flight | heap B/WebSocket | native B/WebSocket | 64 B msgs/s over ")
        .append(BUSY)
        .append(" | RT p50 µs | RT p99 µs |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    median.forEach(
        (name, m) ->
            sb.append(
                String.format(
                    "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
                    name,
                    String.format("%.0f", m.get("connections")),
                    m.get("opensPerSecond"),
                    m.get("concurrentOpensPerSecond"),
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
              "%nThis client, HTTP/2 against HTTP/1.1: open rate %.1fx one by one and %.1fx with %d in"
                  + " flight (goal >= 10x), idle heap + native memory per WebSocket %.2fx (goal <="
                  + " 0.5x), 64 B throughput %.2fx, p99 %.2fx.%n",
              h2.get("opensPerSecond") / h1.get("opensPerSecond"),
              h2.get("concurrentOpensPerSecond") / h1.get("concurrentOpensPerSecond"),
              OPEN_WINDOW,
              (h2.get("heapPerSocket") + h2.get("nativePerSocket"))
                  / (h1.get("heapPerSocket") + h1.get("nativePerSocket")),
              h2.get("messagesPerSecond") / h1.get("messagesPerSecond"),
              h2.get("rtP99Micros") / h1.get("rtP99Micros")));
    }
    if (h2 != null && jetty != null) {
      sb.append(
          String.format(
              "This client against Jetty's, both over HTTP/2: open rate %.2fx one by one and %.2fx"
                  + " with %d in flight, 64 B throughput %.2fx (goals >= 1.25x), idle memory per"
                  + " WebSocket %.2fx.%n",
              h2.get("opensPerSecond") / jetty.get("opensPerSecond"),
              h2.get("concurrentOpensPerSecond") / jetty.get("concurrentOpensPerSecond"),
              OPEN_WINDOW,
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

    /** Starts the close handshake; completes once the WebSocket has closed. */
    CompletableFuture<?> close();
  }

  /** Where a link's echoes go. */
  private interface Receiver {
    void onMessage(Link link);
  }

  /** A client under test. */
  private interface Client extends AutoCloseable {
    /** Starts opening a WebSocket; completes once it is open. */
    CompletableFuture<Link> open(String url, Receiver receiver);
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
      List<Link> warm = openOneByOne(client, url, workload, 50);
      closeAll(openOneByOne(client, url, workload, count));

      double[] concurrentRates = new double[CONCURRENT_REPEATS];
      for (int i = 0; i < CONCURRENT_REPEATS; i++) {
        long start = System.nanoTime();
        List<Link> concurrent = openConcurrently(client, url, workload, count);
        concurrentRates[i] = count / ((System.nanoTime() - start) / 1e9);
        closeAll(concurrent);
      }
      Arrays.sort(concurrentRates);
      double concurrentOpensPerSecond = concurrentRates[CONCURRENT_REPEATS / 2];

      long heap0 = heapAfterGc();
      Map<String, Long> native0 = nativeMemory();
      long start = System.nanoTime();
      List<Link> links = openOneByOne(client, url, workload, count);
      double opensPerSecond = count / ((System.nanoTime() - start) / 1e9);
      long heap1 = heapAfterGc();
      Map<String, Long> native1 = nativeMemory();
      int connections = tcpConnections();

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
              + "/s one by one, "
              + Math.round(concurrentOpensPerSecond)
              + "/s with "
              + OPEN_WINDOW
              + " in flight, "
              + Math.round(messagesPerSecond)
              + " messages/s over "
              + busy.size());
      workload.stop();
      workload.awaitQuiet();
      workload.busy(busy, 1);
      Histogram rt = workload.roundTrips(links.get(0)).get(120, TimeUnit.SECONDS);
      workload.stop();

      closeAll(links);
      closeAll(warm);
      return String.format(
          "connections=%d opensPerSecond=%.1f concurrentOpensPerSecond=%.1f heapPerSocket=%.1f"
              + " nativePerSocket=%.1f messagesPerSecond=%.1f rtP50Micros=%.1f rtP99Micros=%.1f",
          connections,
          opensPerSecond,
          concurrentOpensPerSecond,
          (heap1 - heap0) / (double) count,
          nativeGrowth(native0, native1) / (double) count,
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

  /** {@code n} WebSockets, each opened once the one before is open. */
  private static List<Link> openOneByOne(Client client, String url, Receiver receiver, int n)
      throws Exception {
    List<Link> links = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      links.add(client.open(url, receiver).get(30, TimeUnit.SECONDS));
    }
    return links;
  }

  /** {@code n} WebSockets, with up to {@link #OPEN_WINDOW} opens in flight at any time. */
  private static List<Link> openConcurrently(Client client, String url, Receiver receiver, int n)
      throws Exception {
    Semaphore window = new Semaphore(OPEN_WINDOW);
    List<CompletableFuture<Link>> opening = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no open completed within 30 s");
      }
      CompletableFuture<Link> open = client.open(url, receiver);
      open.whenComplete((link, failure) -> window.release());
      opening.add(open);
    }
    List<Link> links = new ArrayList<>(n);
    for (CompletableFuture<Link> open : opening) {
      links.add(open.get(30, TimeUnit.SECONDS));
    }
    return links;
  }

  /** Closes every link at once and waits until all have closed. */
  private static void closeAll(List<Link> links) throws Exception {
    CompletableFuture.allOf(links.stream().map(Link::close).toArray(CompletableFuture[]::new))
        .get(60, TimeUnit.SECONDS);
  }

  /** The process's TCP connections, the warm-up's 50 WebSockets' included. */
  private static int tcpConnections() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException e) {
          // Closed while listed.
        }
      }
    }
    int connections = 0;
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length > 9 && inodes.contains(fields[9])) {
          connections++;
        }
      }
    }
    return connections;
  }

  /** Native Memory Tracking's committed bytes per category (the child runs with it on). */
  private static Map<String, Long> nativeMemory() throws Exception {
    String summary =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "vmNativeMemory",
                    new Object[] {new String[] {"summary"}},
                    new String[] {String[].class.getName()});
    Map<String, Long> committed = new LinkedHashMap<>();
    Matcher m = NMT_CATEGORY.matcher(summary);
    while (m.find()) {
      committed.put(m.group(1), Long.parseLong(m.group(2)) * 1024);
    }
    if (committed.isEmpty()) {
      throw new IllegalStateException("no Native Memory Tracking summary: " + summary);
    }
    return committed;
  }

  private static final Pattern NMT_CATEGORY =
      Pattern.compile("-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

  /** Growth of the categories outside {@link #JVM_ONLY}, in bytes. */
  private static long nativeGrowth(Map<String, Long> before, Map<String, Long> after) {
    long growth = 0;
    for (Map.Entry<String, Long> category : after.entrySet()) {
      if (!JVM_ONLY.contains(category.getKey())) {
        growth += category.getValue() - before.getOrDefault(category.getKey(), 0L);
      }
    }
    return growth;
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
    public CompletableFuture<Link> open(String url, Receiver receiver) {
      Link[] link = new Link[1];
      return WebSocket.connectAsync(
              url,
              options,
              new WebSocketListener() {
                @Override
                public void onBinary(AsyncWebSocket socket, ByteBuffer data) {
                  receiver.onMessage(link[0]);
                }
              })
          .thenApply(
              ws -> {
                link[0] =
                    new Link() {
                      @Override
                      public void send(byte[] message) {
                        ws.sendBinary(message);
                      }

                      @Override
                      public CompletableFuture<?> close() {
                        ws.close();
                        return ws.closeFuture();
                      }
                    };
                return link[0];
              });
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
    public CompletableFuture<Link> open(String url, Receiver receiver) {
      JettyLink link = new JettyLink(receiver);
      try {
        return client
            .connect(link, URI.create(url))
            .thenApply(
                session -> {
                  link.session = session;
                  return link;
                });
      } catch (IOException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public void close() throws Exception {
      client.stop();
    }
  }

  /** Public: Jetty looks listener methods up reflectively. */
  public static final class JettyLink implements Session.Listener.AutoDemanding, Link {
    private final Receiver receiver;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
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
    public void onWebSocketClose(int statusCode, String reason) {
      closed.complete(null);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      closed.complete(null);
    }

    @Override
    public CompletableFuture<?> close() {
      session.close();
      return closed;
    }
  }
}
