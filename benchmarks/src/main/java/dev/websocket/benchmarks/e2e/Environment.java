package dev.websocket.benchmarks.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** What a result depends on: JDK, CPUs, load, limits and every library's version. */
final class Environment {

  final Map<String, String> facts = new LinkedHashMap<>();

  static Environment capture(Profile profile) {
    Environment e = new Environment();
    e.facts.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    e.facts.put("profile", profile.toString());
    e.facts.put(
        "jdk",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")");
    e.facts.put("cpus", Runtime.getRuntime().availableProcessors() + " x " + cpuModel());
    e.facts.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    e.facts.put("open files limit", limit("Max open files"));
    e.facts.put("load average at start", loadAverage());
    e.facts.put("git commit", System.getenv().getOrDefault("GIT_COMMIT", "unknown"));
    // The shaded jar keeps one module's version file; every Netty module is of the same version.
    e.facts.put(
        "netty",
        io.netty.util.Version.identify().values().stream()
                .findFirst()
                .map(v -> v.artifactVersion())
                .orElse("?")
            + (io.netty.channel.epoll.Epoll.isAvailable() ? " (epoll)" : " (nio)"));
    e.facts.put("okhttp", okhttp3.OkHttp.VERSION);
    e.facts.put("java-websocket", mavenVersion("org.java-websocket", "Java-WebSocket"));
    e.facts.put("jetty", org.eclipse.jetty.util.Jetty.VERSION);
    e.facts.put("hdrhistogram", mavenVersion("org.hdrhistogram", "HdrHistogram"));
    e.facts.put("xchart", mavenVersion("org.knowm.xchart", "xchart"));
    return e;
  }

  void finish() {
    facts.put("load average at end", loadAverage());
  }

  String oneLine() {
    return facts.get("jdk")
        + "; "
        + facts.get("cpus")
        + "; load "
        + facts.get("load average at start");
  }

  private static String mavenVersion(String group, String artifact) {
    String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = Environment.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "?";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String limit(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+");
          return parts[0] + " (hard " + parts[1] + ")";
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return "?";
  }
}
