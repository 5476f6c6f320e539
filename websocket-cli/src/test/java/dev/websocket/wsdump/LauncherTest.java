package dev.websocket.wsdump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./wsdump}, run for real in fresh copies of the working tree (build outputs
 * and Git data left out), with the README's first command: {@code printf 'hello\n' | ./wsdump
 * --local-echo}.
 *
 * <p>When this module's jar is already built, the copies get it as a fresh file and each test takes
 * about a second. Without one (a clean build runs tests before packaging), the launcher builds it
 * once with {@code ./mvnw} in a copy, as on a new clone, which takes minutes; only when {@code
 * ./mvnw} cannot run here at all are the tests skipped.
 */
class LauncherTest {

  /** Enough for a cold build of the modules on a slow machine, Maven's download included. */
  private static final Duration BUILD_LIMIT = Duration.ofMinutes(15);

  /** Enough for a run that needs no build. */
  private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

  /** Directories that are not part of a fresh clone. */
  private static final Set<String> SKIPPED =
      Set.of("target", ".git", "node_modules", ".idea", ".vscode");

  private static final String JAR = "websocket-cli/target/wsdump.jar";

  @TempDir static Path shared;

  private static Path builtJar;

  @Test
  void firstCommandOfTheReadmeEchoes(@TempDir Path temp) throws Exception {
    Path copy = copyWithJar(temp);

    Run run = run(copy, "hello\n", RUN_LIMIT, "./wsdump", "--local-echo");

    assertEquals(0, run.status, run::toString);
    assertEquals("< hello\n", run.out, run::toString);
    assertTrue(
        run.err.matches("wsdump: started an echo server on ws://127\\.0\\.0\\.1:\\d+/\n"),
        run::toString);
  }

  @Test
  void upToDateJarStartsWithoutBuildingOrNoise(@TempDir Path temp) throws Exception {
    Path copy = copyWithJar(temp);
    // Any attempt to build would run this wrapper, which fails loudly.
    writeScript(copy.resolve("mvnw"), "echo 'mvnw must not run' >&2\nexit 1\n");

    Run run = run(copy, "", RUN_LIMIT, "./wsdump", "--version");

    assertEquals(0, run.status, run::toString);
    assertTrue(run.out.startsWith("wsdump "), run::toString);
    assertEquals("", run.err, run::toString);
  }

  @Test
  void firstRunRecordsAClassDataArchiveThatLaterRunsReuse(@TempDir Path temp) throws Exception {
    Path copy = copyWithJar(temp);
    Path target = copy.resolve(JAR).getParent();

    Run first = run(copy, "hello\n", RUN_LIMIT, "./wsdump", "--local-echo");

    assertEquals(0, first.status, first::toString);
    assertEquals("< hello\n", first.out, first::toString);
    List<Path> archives = archives(target);
    assertEquals(1, archives.size(), archives::toString);
    FileTime recorded = Files.getLastModifiedTime(archives.get(0));

    Run second = run(copy, "", RUN_LIMIT, "./wsdump", "--version");

    assertEquals(0, second.status, second::toString);
    assertTrue(second.out.startsWith("wsdump "), second::toString);
    assertEquals("", second.err, second::toString);
    assertEquals(List.of(archives.get(0)), archives(target));
    assertEquals(
        recorded, Files.getLastModifiedTime(archives.get(0)), "the archive was recorded again");
  }

  @Test
  void classDataArchiveCanBeTurnedOff(@TempDir Path temp) throws Exception {
    Path copy = copyWithJar(temp);

    Run run =
        run(copy, "hello\n", RUN_LIMIT, Map.of("WSDUMP_CDS", "off"), "./wsdump", "--local-echo");

    assertEquals(0, run.status, run::toString);
    assertEquals("< hello\n", run.out, run::toString);
    assertEquals(List.of(), archives(copy.resolve(JAR).getParent()));
  }

  private static List<Path> archives(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files
          .filter(f -> f.getFileName().toString().matches("wsdump-.*\\.jsa"))
          .sorted()
          .toList();
    }
  }

  @Test
  void newerSourceRebuildsWithTheWrapperThenRuns(@TempDir Path temp) throws Exception {
    Path copy = copyWithJar(temp);
    Path jar = copy.resolve(JAR);
    // The wrapper records its arguments and "builds" by putting the jar back.
    Files.move(jar, copy.resolve("built.jar"));
    writeScript(
        copy.resolve("mvnw"),
        "echo \"$@\" > mvnw.args\necho 'build chatter'\ncp built.jar " + JAR + "\n");
    Path source = copy.resolve("websocket-codec/src/main/java/dev/websocket/codec/Opcode.java");
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(5)));
    Files.copy(copy.resolve("built.jar"), jar);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));

    Run run = run(copy, "hello\n", RUN_LIMIT, "./wsdump", "--local-echo");

    assertEquals(0, run.status, run::toString);
    assertEquals("< hello\n", run.out, run::toString);
    assertFalse(run.err.contains("build chatter"), run::toString);
    assertEquals(
        "-q -B -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl websocket-cli -am package\n",
        Files.readString(copy.resolve("mvnw.args")));
  }

  @Test
  void failedBuildShowsItsOutputAndExitsWithOne(@TempDir Path temp) throws Exception {
    Path copy = temp.resolve("repository");
    copyTree(repositoryRoot(), copy);
    writeScript(copy.resolve("mvnw"), "echo '[ERROR] cannot find symbol'\nexit 1\n");

    Run run = run(copy, "", RUN_LIMIT, "./wsdump", "--local-echo");

    assertEquals(1, run.status, run::toString);
    assertEquals("", run.out, run::toString);
    assertTrue(run.err.startsWith("wsdump: error: building wsdump failed"), run::toString);
    assertTrue(run.err.contains("[ERROR] cannot find symbol"), run::toString);
  }

  /** A fresh copy of the working tree holding a built jar newer than every source. */
  private static Path copyWithJar(Path temp) throws Exception {
    Path jar = builtJar();
    Path copy = temp.resolve("repository");
    copyTree(repositoryRoot(), copy);
    Path copiedJar = copy.resolve(JAR);
    Files.createDirectories(copiedJar.getParent());
    Files.copy(jar, copiedJar, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(copiedJar, FileTime.from(Instant.now()));
    return copy;
  }

  /**
   * This module's jar; built by the launcher in a copy, as on a new clone, when there is none yet.
   */
  private static synchronized Path builtJar() throws Exception {
    if (builtJar != null) {
      return builtJar;
    }
    Path own = repositoryRoot().resolve(JAR);
    if (Files.isRegularFile(own)) {
      return builtJar = own;
    }
    Path copy = shared.resolve("clone");
    copyTree(repositoryRoot(), copy);
    assumeMavenWrapperRuns(copy);
    Run build = run(copy, "", BUILD_LIMIT, "./wsdump", "--version");
    assertEquals(0, build.status, () -> "the launcher's first-use build failed:\n" + build);
    assertTrue(build.out.startsWith("wsdump "), build::toString);
    return builtJar = copy.resolve(JAR);
  }

  private static Path repositoryRoot() {
    Path module = Path.of("").toAbsolutePath();
    Path root = module.getParent();
    if (root == null
        || !Files.isRegularFile(root.resolve("wsdump"))
        || !Files.isRegularFile(root.resolve("mvnw"))) {
      fail("the launcher ./wsdump and ./mvnw should be in the parent of " + module);
    }
    return root;
  }

  private static void assumeMavenWrapperRuns(Path copy) throws Exception {
    Run probe;
    try {
      probe = run(copy, "", BUILD_LIMIT, "./mvnw", "-v");
    } catch (IOException e) {
      Assumptions.abort(
          "skipped: ./mvnw cannot run here, so the launcher cannot build wsdump: "
              + e.getMessage());
      return;
    }
    Assumptions.assumeTrue(
        probe.status == 0,
        () ->
            "skipped: ./mvnw cannot run here (no network to fetch Maven?), so the launcher cannot build wsdump:\n"
                + probe);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (!dir.equals(from) && SKIPPED.contains(dir.getFileName().toString())) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile()) {
              // Attributes come along: the launcher and the wrapper must stay executable.
              Files.copy(
                  file,
                  to.resolve(from.relativize(file).toString()),
                  StandardCopyOption.COPY_ATTRIBUTES);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void writeScript(Path path, String body) throws IOException {
    Files.writeString(path, "#!/bin/sh\n" + body);
    assertTrue(path.toFile().setExecutable(true), "cannot make " + path + " executable");
  }

  private record Run(int status, String out, String err) {
    @Override
    public String toString() {
      return "status " + status + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  private static Run run(Path dir, String input, Duration limit, String... command)
      throws Exception {
    return run(dir, input, limit, Map.of(), command);
  }

  private static Run run(
      Path dir, String input, Duration limit, Map<String, String> env, String... command)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(dir.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within " + limit);
    }
    return new Run(process.exitValue(), out.get(), err.get());
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
