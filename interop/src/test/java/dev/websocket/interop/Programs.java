package dev.websocket.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs the interop tests run, and decides what a missing one means: on a
 * developer's machine the tests that need it are skipped with a message naming the package to
 * install; in CI (environment variable {@code CI=true}, set by the CI runner) it fails them, since
 * {@code .ci/run} installs everything and a skip there would hide a broken install step.
 */
final class Programs {

  /** Folders searched after {@code PATH}: root's programs (nginx, squid) live in sbin. */
  private static final List<String> EXTRA_DIRECTORIES =
      List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

  private Programs() {}

  /** Whether the tests run in CI, where nothing may be missing. */
  static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * The path of {@code program}, looked up on {@code PATH} and in the sbin folders; when it is
   * absent, skips (or in CI fails) with {@code "<program> not found: install <install>"}.
   */
  static Path require(String program, String install) {
    Optional<Path> found = find(program);
    requireThat(
        found.isPresent(), program + " not found on PATH or in /usr/sbin: install " + install);
    return found.orElseThrow();
  }

  /** An executable file at this absolute path, or skip (fail in CI) naming the package. */
  static Path requireFile(Path executable, String install) {
    requireThat(Files.isExecutable(executable), executable + " not found: install " + install);
    return executable;
  }

  /** Skips the calling test (or fails it in CI) with {@code message} unless {@code present}. */
  static void requireThat(boolean present, String message) {
    if (present) {
      return;
    }
    if (inCi()) {
      fail(
          "Interop peer missing in CI (CI=true), where .ci/run should have installed it: "
              + message);
    }
    Assumptions.assumeTrue(false, "Interop peer missing, test skipped: " + message);
  }

  /** The program's path on {@code PATH} or in the sbin folders. */
  static Optional<Path> find(String program) {
    List<String> directories = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      directories.addAll(List.of(path.split(File.pathSeparator)));
    }
    directories.addAll(EXTRA_DIRECTORIES);
    for (String directory : directories) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The interop module's folder, where Surefire runs the tests. */
  static Path moduleDirectory() {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  }

  /** Where the peers' output and logs are kept for diagnosis. */
  static Path logDirectory() {
    return moduleDirectory().resolve("target").resolve("interop-logs");
  }

  /** Whether {@code command} runs and exits with 0 within 30 seconds (its output is discarded). */
  static boolean succeeds(String... command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs {@code command} and returns its standard output, failing the test on a non-zero exit. */
  static String output(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish in 30 s");
    }
    if (process.exitValue() != 0) {
      fail(String.join(" ", command) + " exited with " + process.exitValue());
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
