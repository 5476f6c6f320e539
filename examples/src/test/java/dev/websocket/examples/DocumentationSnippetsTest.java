package dev.websocket.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of the documentation compiles against the modules as they are: the fenced
 * {@code java} blocks of each README.md and the {@code <pre>{@code ...}</pre>} blocks of the
 * Javadoc of every module's main sources. A snippet is compiled as the body of a method that may
 * throw anything, in a subclass of {@link SnippetPlaceholders} (the names snippets use without
 * declaring them); one that declares members (a method, a class) is compiled as a class body
 * instead. The common packages are imported, and for Javadoc the snippet's own package too.
 */
class DocumentationSnippetsTest {

  /** The modules whose main sources' Javadoc is read. */
  private static final List<String> SOURCE_MODULES =
      List.of(
          "websocket-codec", "websocket-proxy", "websocket-client", "websocket-cli", "examples");

  /** The Markdown files whose java blocks are read. */
  private static final List<String> MARKDOWN = List.of("README.md", "websocket-proxy/README.md");

  /**
   * Imports a Markdown file's snippets assume beyond the common ones: the proxy README documents
   * its test fixtures.
   */
  private static final Map<String, String> MARKDOWN_IMPORTS =
      Map.of("websocket-proxy/README.md", "import dev.websocket.proxy.testing.*;\n");

  private static final String COMMON_IMPORTS =
      String.join(
              "\n",
              "import dev.websocket.client.*;",
              "import dev.websocket.codec.*;",
              "import dev.websocket.codec.deflate.*;",
              "import dev.websocket.proxy.*;",
              "import io.netty.bootstrap.*;",
              "import io.netty.buffer.*;",
              "import io.netty.channel.*;",
              "import io.netty.channel.nio.*;",
              "import io.netty.channel.socket.*;",
              "import io.netty.channel.socket.nio.*;",
              "import io.netty.handler.ssl.*;",
              "import io.netty.resolver.*;",
              "import io.netty.util.concurrent.Future;",
              "import java.io.*;",
              "import java.net.*;",
              "import java.nio.*;",
              "import java.nio.charset.*;",
              "import java.nio.file.*;",
              "import java.time.*;",
              "import java.util.*;",
              "import java.util.concurrent.CompletableFuture;",
              "import java.util.concurrent.Executors;",
              "import java.util.concurrent.TimeUnit;",
              "import java.util.function.*;",
              "")
          + "\n";

  private static final Pattern FENCED_JAVA = Pattern.compile("(?ms)^```java\\s*\\n(.*?)^```");
  private static final Pattern JAVADOC_CODE =
      Pattern.compile("(?s)<pre>\\{@code\\s*\\n(.*?)\\}</pre>");
  private static final Pattern MODULE_DECLARATION =
      Pattern.compile("(?s)\\s*module\\s+[\\w.]+\\s*\\{.*");

  private static Path root;

  @BeforeAll
  static void findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    assertTrue(
        dir != null,
        "the repository root (where mvnw is) is above " + Path.of("").toAbsolutePath());
    root = dir;
  }

  /** A snippet: where it is (for the failure message), its text, and the imports it assumes. */
  record Snippet(String where, String code, String imports) {}

  @Test
  void everyDocumentationSnippetCompiles(@TempDir Path classes) throws IOException {
    List<Snippet> snippets = snippets();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < snippets.size(); i++) {
      String failure = compile(snippets.get(i), "Snippet" + i, classes);
      if (failure != null) {
        failures.add(failure);
      }
    }
    if (!failures.isEmpty()) {
      fail(
          failures.size()
              + " of "
              + snippets.size()
              + " documentation snippets do not compile:\n\n"
              + String.join("\n\n", failures));
    }
  }

  @Test
  void snippetsAreFoundInTheReadmeAndTheJavadoc() throws IOException {
    List<Snippet> snippets = snippets();
    // The front doors each show one: WebSocket, WebSocketApp, AsyncWebSocket, WebSocketHandlers.
    for (String where :
        List.of(
            "README.md:",
            "WebSocket.java:",
            "WebSocketApp.java:",
            "AsyncWebSocket.java:",
            "WebSocketHandlers.java:")) {
      assertTrue(
          snippets.stream()
              .anyMatch(s -> s.where().startsWith(where) || s.where().contains("/" + where)),
          "no snippet found in "
              + where
              + " among "
              + snippets.stream().map(Snippet::where).toList());
    }
  }

  @Test
  void aSnippetThatDoesNotCompileIsReportedWithItsPlace(@TempDir Path classes) {
    Snippet broken =
        new Snippet(
            "Example.java:12",
            "WebSocket ws = WebSocket.connect(url);\nws.sendNothing();",
            COMMON_IMPORTS);

    String failure = compile(broken, "Broken", classes);

    assertTrue(
        failure != null && failure.startsWith("Example.java:12") && failure.contains("sendNothing"),
        failure);
  }

  private static List<Snippet> snippets() throws IOException {
    List<Snippet> snippets = new ArrayList<>();
    for (String markdown : MARKDOWN) {
      String text = Files.readString(root.resolve(markdown));
      Matcher m = FENCED_JAVA.matcher(text);
      while (m.find()) {
        if (MODULE_DECLARATION.matcher(m.group(1)).matches()) {
          continue; // a module descriptor: ModulePathConsumerTest compiles and runs one like it
        }
        snippets.add(
            new Snippet(
                markdown + ":" + lineOf(text, m.start(1)),
                m.group(1),
                COMMON_IMPORTS + MARKDOWN_IMPORTS.getOrDefault(markdown, "")));
      }
    }
    for (String module : SOURCE_MODULES) {
      try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          snippets.addAll(javadocSnippets(file));
        }
      }
    }
    return snippets;
  }

  private static List<Snippet> javadocSnippets(Path file) throws IOException {
    String text = Files.readString(file);
    Matcher packageName = Pattern.compile("(?m)^package\\s+([\\w.]+);").matcher(text);
    String imports =
        COMMON_IMPORTS + (packageName.find() ? "import " + packageName.group(1) + ".*;\n" : "");
    List<Snippet> found = new ArrayList<>();
    Matcher m = JAVADOC_CODE.matcher(text);
    while (m.find()) {
      StringBuilder code = new StringBuilder();
      for (String line : m.group(1).split("\n", -1)) {
        code.append(line.replaceFirst("^\\s*\\* ?", "")).append('\n');
      }
      String unescaped = code.toString().replace("{@literal @}", "@").replace("&#64;", "@");
      found.add(
          new Snippet(root.relativize(file) + ":" + lineOf(text, m.start(1)), unescaped, imports));
    }
    return found;
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /**
   * Null when the snippet compiles as statements or as class members; else where it is, the snippet
   * and javac's errors.
   */
  private static String compile(Snippet snippet, String className, Path classes) {
    String header =
        "package snippets;\n"
            + snippet.imports()
            + "class "
            + className
            + " extends dev.websocket.examples.SnippetPlaceholders {\n";
    String method = "  void snippet() throws Exception {\n";
    String errors = javac(className, header + method, snippet.code() + "\n  }\n}\n", classes);
    if (errors == null) {
      return null;
    }
    if (javac(className, header, snippet.code() + "\n}\n", classes) == null) {
      return null;
    }
    return snippet.where() + "\n" + snippet.code().stripTrailing() + "\n" + errors;
  }

  /**
   * Null when {@code prefix + rest} compiles; else the errors, one per line, numbered from the end
   * of the prefix.
   */
  private static String javac(String className, String prefix, String rest, Path classes) {
    String source = prefix + rest;
    long prefixLines = prefix.chars().filter(c -> c == '\n').count();
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavaFileObject unit =
          new SimpleJavaFileObject(
              URI.create("string:///snippets/" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
              return source;
            }
          };
      List<String> options =
          List.of(
              "-d",
              classes.toString(),
              "-proc:none",
              "-Xlint:none",
              "--class-path",
              System.getProperty("java.class.path"));
      boolean ok = compiler.getTask(null, files, diagnostics, options, null, List.of(unit)).call();
      if (ok) {
        return null;
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    StringBuilder errors = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors
            .append("  line ")
            .append(d.getLineNumber() - prefixLines)
            .append(": ")
            .append(d.getMessage(Locale.ROOT))
            .append('\n');
      }
    }
    assertEquals(false, errors.isEmpty(), "javac failed without an error");
    return errors.toString();
  }
}
