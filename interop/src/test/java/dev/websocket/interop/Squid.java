package dev.websocket.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * squid as an HTTP CONNECT proxy with two ports: one open to anyone, one requiring Basic
 * authentication checked by squid's own {@code basic_ncsa_auth} helper against a password file (an
 * APR1-MD5 line made with {@code openssl passwd -apr1}, or {@code htpasswd} when openssl is
 * absent). Nothing is cached; CONNECT is allowed to any port (squid's stock configuration allows
 * only 443). Configuration, pid and logs live in a temporary folder, run in the foreground ({@code
 * squid -N}); as root squid drops to the user {@code proxy}, so the folder is readable by all and
 * its log folder writable by all.
 */
final class Squid implements AutoCloseable {

  private static final Path NCSA_HELPER = Path.of("/usr/lib/squid/basic_ncsa_auth");

  private final TempFolder folder;
  private ExternalProcess process;
  private int openPort;
  private int authPort;

  private Squid(TempFolder folder) {
    this.folder = folder;
  }

  /** Starts squid; skips (fails in CI) when squid or a password tool is missing. */
  static Squid start(String user, String password) throws IOException, InterruptedException {
    String executable = Programs.require("squid", "the Debian package squid").toString();
    Programs.requireFile(NCSA_HELPER, "the Debian package squid (its basic_ncsa_auth helper)");
    String hashTool =
        Programs.find("openssl")
            .or(() -> Programs.find("htpasswd"))
            .map(Path::toString)
            .orElse(null);
    Programs.requireThat(
        hashTool != null,
        "neither openssl nor htpasswd found: install the Debian package openssl or apache2-utils");
    Squid squid = new Squid(TempFolder.create("squid"));
    try {
      squid.start(executable, hashTool, user, password);
      return squid;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      squid.close();
      throw e;
    }
  }

  private void start(String executable, String hashTool, String user, String password)
      throws IOException, InterruptedException {
    String passwordLine =
        hashTool.endsWith("htpasswd")
            ? Programs.output(hashTool, "-nbm", user, password).strip()
            : user + ":" + Programs.output(hashTool, "passwd", "-apr1", password).strip();
    Path passwords = folder.write("passwords", passwordLine + "\n");
    Path logs = folder.worldWritable("logs");
    openPort = ExternalProcess.freePort();
    authPort = ExternalProcess.freePort();
    String config =
        String.join(
            "\n",
            "http_port 127.0.0.1:" + openPort + " name=open",
            "http_port 127.0.0.1:" + authPort + " name=auth",
            "visible_hostname localhost",
            "pid_filename " + logs + "/squid.pid",
            "cache_log " + logs + "/cache.log",
            "access_log stdio:" + logs + "/access.log",
            "coredump_dir " + logs,
            "cache deny all",
            "cache_mem 8 MB",
            "shutdown_lifetime 0 seconds",
            "auth_param basic program " + NCSA_HELPER + " " + passwords,
            "auth_param basic children 1 startup=1 idle=1",
            "auth_param basic realm websocket-interop",
            "acl open_port myportname open",
            "acl auth_port myportname auth",
            "acl authenticated proxy_auth REQUIRED",
            "http_access allow CONNECT open_port",
            "http_access allow CONNECT auth_port authenticated",
            "http_access deny all",
            "");
    Path conf = folder.write("squid.conf", config);
    process =
        ExternalProcess.start(
            "squid",
            List.of(executable, "-N", "-d", "1", "-f", conf.toString()),
            folder.path(),
            null);
    process.awaitPort(openPort, ExternalProcess.START_DEADLINE);
    process.awaitPort(authPort, ExternalProcess.START_DEADLINE);
  }

  /** The port that needs no credentials. */
  int openPort() {
    return openPort;
  }

  /** The port that answers 407 without the right Basic credentials. */
  int authPort() {
    return authPort;
  }

  @Override
  public void close() {
    try {
      if (process != null) {
        process.close();
      }
    } finally {
      folder.close();
    }
  }
}
