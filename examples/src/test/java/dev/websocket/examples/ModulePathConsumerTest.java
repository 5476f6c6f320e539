package dev.websocket.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.websocket.wsdump.EchoServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer of the library as a named module: compiled with javac and run with {@code java
 * --module-path ... --module consumer/...} against the packaged jars of websocket-codec,
 * websocket-proxy and websocket-client (from this build, or from the local repository) and Netty's
 * modular jars, nothing on the class path.
 *
 * <p>The library's module descriptors are compiled when each module is packaged (see the root POM's
 * library-module profile). A build that stops before package ({@code mvn test}) hands this module
 * the libraries' class folders, without descriptors; then these tests are skipped.
 */
class ModulePathConsumerTest {

  /** The jars the consumer's module path is made of: the three libraries and Netty's. */
  private static final List<String> LIBRARIES =
      List.of("websocket-codec", "websocket-proxy", "websocket-client");

  private static List<Path> modulePath;

  @BeforeAll
  static void findModulePath() throws IOException {
    List<Path> found = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      String name = path.getFileName().toString();
      boolean library =
          LIBRARIES.stream().anyMatch(name::startsWith)
              || path.endsWith("websocket-codec/target/classes")
              || path.endsWith("websocket-proxy/target/classes")
              || path.endsWith("websocket-client/target/classes");
      if (library && Files.isDirectory(path)) {
        Assumptions.abort(
            "skipped: the libraries are class folders here (a build that stops before package), "
                + "and their module descriptors are compiled when they are packaged: "
                + path);
      }
      if (library && name.endsWith("-tests.jar")) {
        continue;
      }
      if (library || name.startsWith("netty-")) {
        found.add(path);
      }
    }
    for (String library : LIBRARIES) {
      Path jar =
          found.stream()
              .filter(p -> p.getFileName().toString().startsWith(library))
              .findFirst()
              .orElseThrow(() -> new AssertionError(library + " is not on the test class path"));
      try (JarFile file = new JarFile(jar.toFile())) {
        assertTrue(file.getEntry("module-info.class") != null, jar + " has no module-info.class");
      }
    }
    modulePath = found;
  }

  /**
   * The source folder of a module {@code consumer} that requires the client, holding its
   * descriptor.
   */
  private static Path consumerModule(Path temp) throws Exception {
    Path sources = temp.resolve("src");
    write(
        sources.resolve("module-info.java"),
        """
        module consumer {
          requires dev.websocket.client;
        }
        """);
    return sources;
  }

  @Test
  void consumerModuleConnectsSendsAndReceives(@TempDir Path temp) throws Exception {
    Path sources = consumerModule(temp);
    write(
        sources.resolve("consumer/Main.java"),
        """
        package consumer;

        import dev.websocket.client.WebSocket;

        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(WebSocket.class.getModule());
            try (WebSocket ws = WebSocket.connect(args[0])) {
              ws.send("hello from a named module");
              System.out.println("received: " + ws.recv().text());
            }
            try {
              Class<?> internal = Class.forName("dev.websocket.client.internal.Transports");
              internal.getMethod("epoll").invoke(null);
              System.out.println("internal: accessible");
            } catch (IllegalAccessException e) {
              System.out.println("internal: not accessible");
            }
          }
        }
        """);
    Path classes = temp.resolve("classes");
    Compilation compilation = javac(sources, classes);
    assertEquals(0, compilation.status, compilation.output);

    try (EchoServer server = EchoServer.start()) {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--module-path",
                  classes + File.pathSeparator + joined(modulePath),
                  // The native epoll transport: a module nothing requires, so named here (NIO
                  // without it).
                  "--add-modules",
                  "io.netty.transport.epoll.linux.x86_64",
                  "--module",
                  "consumer/consumer.Main",
                  server.url()));
      Run run = run(command);

      assertEquals(0, run.status, run::toString);
      assertEquals(
          "module dev.websocket.client\n"
              + "received: hello from a named module\n"
              + "internal: not accessible\n",
          run.out,
          run::toString);
    }
  }

  @Test
  void internalPackageIsNotExported(@TempDir Path temp) throws Exception {
    Path sources = consumerModule(temp);
    write(
        sources.resolve("consumer/Main.java"),
        """
        package consumer;

        import dev.websocket.client.internal.Transports;

        public class Main {
          public static void main(String[] args) {
            System.out.println(Transports.epoll());
          }
        }
        """);

    Compilation compilation = javac(sources, temp.resolve("classes"));

    assertEquals(1, compilation.status, compilation.output);
    assertTrue(
        compilation.output.contains("package dev.websocket.client.internal is not visible")
            && compilation.output.contains("does not export it"),
        compilation.output);
  }

  @Test
  void everyLibraryJarIsANamedModule() throws Exception {
    for (String library : LIBRARIES) {
      Path jar =
          modulePath.stream()
              .filter(p -> p.getFileName().toString().startsWith(library))
              .findFirst()
              .orElseThrow();
      String name = "dev.websocket." + library.substring("websocket-".length());
      Run run =
          run(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "jar").toString(),
                  "--describe-module",
                  "--file",
                  jar.toString()));
      assertEquals(0, run.status, run::toString);
      assertTrue(run.out.startsWith(name + "@"), run::toString);
      assertFalse(run.out.contains("exports dev.websocket.client.internal"), run::toString);
    }
  }

  private record Compilation(int status, String output) {}

  private static Compilation javac(Path sources, Path classes) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    // An empty class path: by default javac would take this test's, where the libraries are too.
    Path emptyClassPath = Files.createDirectories(classes.resolveSibling("empty-class-path"));
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-d",
                classes.toString(),
                "--class-path",
                emptyClassPath.toString(),
                "--module-path",
                joined(modulePath)));
    try (var files = Files.walk(sources)) {
      files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(arguments::add);
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status = compiler.run(null, output, output, arguments.toArray(String[]::new));
    return new Compilation(status, output.toString(StandardCharsets.UTF_8));
  }

  private record Run(int status, String out, String err) {
    @Override
    public String toString() {
      return "status " + status + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  private static Run run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    CompletableFuture<String> out = read(process.getInputStream());
    CompletableFuture<String> err = read(process.getErrorStream());
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("timed out: " + command + "\n" + out.getNow("") + err.getNow(""));
    }
    return new Run(
        process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  private static CompletableFuture<String> read(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static String joined(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
