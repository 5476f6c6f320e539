package dev.websocket.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A peer's configuration folder in the system's temporary folder (not under the work tree: squid
 * drops to the user {@code proxy}, which must reach it). Closing it copies the peer's own log files
 * to {@code target/interop-logs/<name>/} for diagnosis and deletes the folder (best effort).
 */
final class TempFolder implements AutoCloseable {

  private final String name;
  private final Path path;

  private TempFolder(String name, Path path) {
    this.name = name;
    this.path = path;
  }

  /** A new folder that every user may read and traverse (mode 755). */
  static TempFolder create(String name) throws IOException {
    Path path = Files.createTempDirectory("websocket-interop-" + name + "-");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new TempFolder(name, path);
  }

  Path path() {
    return path;
  }

  /**
   * A sub-folder that every user may write to (mode 777): for logs a program writes after dropping
   * root.
   */
  Path worldWritable(String child) throws IOException {
    Path dir = Files.createDirectories(path.resolve(child));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    return dir;
  }

  /** Writes a file readable by every user (mode 644). */
  Path write(String file, String content) throws IOException {
    Path target = path.resolve(file);
    Files.writeString(target, content);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
    return target;
  }

  @Override
  public void close() {
    Path logs = Programs.logDirectory().resolve(name);
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        String file = p.getFileName().toString();
        if (Files.isRegularFile(p) && (file.endsWith(".log") || file.endsWith(".conf"))) {
          Files.createDirectories(logs);
          Files.copy(p, logs.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("[interop] WARNING: cannot clean up " + path + ": " + e);
    }
  }
}
