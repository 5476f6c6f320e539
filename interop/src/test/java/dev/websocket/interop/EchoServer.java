package dev.websocket.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An echo server written by others, run as a process on a port it picked itself (port 0): Node's
 * {@code ws} ({@code src/test/node/echo-server.js}) or Python's {@code websockets} ({@code
 * src/test/python/echo_server.py}). Both speak the same small command set (see the scripts): echo,
 * {@code cmd:close}, {@code cmd:ping}, {@code cmd:extensions}, {@code cmd:fragments}, {@code
 * cmd:closed}.
 */
final class EchoServer implements AutoCloseable {

  /** The Debian Python, whatever python is first on PATH: python3-websockets installs into it. */
  static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");

  private static final Pattern LISTENING = Pattern.compile("^LISTENING (\\d+)$");

  private final ExternalProcess process;
  private final int port;

  private EchoServer(ExternalProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Node's ws with perMessageDeflate; skips (fails in CI) when node or the ws package is missing.
   */
  static EchoServer node() throws IOException {
    Path node = Programs.require("node", "the Debian packages nodejs and npm");
    Path scripts = Programs.moduleDirectory().resolve("src/test/node");
    Programs.requireThat(
        Files.isRegularFile(scripts.resolve("node_modules/ws/package.json")),
        "the npm package ws is not in "
            + scripts.resolve("node_modules")
            + ": run npm ci --prefix interop/src/test/node");
    return start("node-ws", List.of(node.toString(), "echo-server.js", "0"), scripts);
  }

  /** Python's websockets (deflate on by default); skips (fails in CI) when it is not installed. */
  static EchoServer python() throws IOException {
    Programs.requireFile(DEBIAN_PYTHON, "the Debian package python3");
    Programs.requireThat(
        Programs.succeeds(DEBIAN_PYTHON.toString(), "-c", "import websockets"),
        DEBIAN_PYTHON + " cannot import websockets: install the Debian package python3-websockets");
    Path scripts = Programs.moduleDirectory().resolve("src/test/python");
    return start(
        "python-websockets",
        List.of(DEBIAN_PYTHON.toString(), "-u", "echo_server.py", "0"),
        scripts);
  }

  private static EchoServer start(String name, List<String> command, Path directory)
      throws IOException {
    ExternalProcess process = ExternalProcess.start(name, command, directory, LISTENING);
    try {
      int port = Integer.parseInt(process.awaitReadyLine(ExternalProcess.START_DEADLINE).group(1));
      process.awaitPort(port, ExternalProcess.START_DEADLINE);
      return new EchoServer(process, port);
    } catch (RuntimeException | Error e) {
      process.close();
      throw e;
    }
  }

  int port() {
    return port;
  }

  /** {@code ws://127.0.0.1:PORT} followed by {@code path}. */
  String url(String path) {
    return "ws://127.0.0.1:" + port + path;
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return process.toString();
  }
}
