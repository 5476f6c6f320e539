package dev.websocket.interop;

import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestIdentity;
import java.io.IOException;
import java.util.List;

/**
 * nginx terminating TLS with the test server certificate (CA-signed, for localhost and 127.0.0.1)
 * and proxying WebSocket upgrades to a backend on 127.0.0.1, as the nginx documentation's WebSocket
 * proxying example does. Every response carries {@code X-Connection}, the serial number nginx gave
 * its TCP connection. Its configuration, pid and logs live in a temporary folder; {@code
 * /etc/nginx} is not read.
 */
final class Nginx implements AutoCloseable {

  private final TempFolder folder;
  private ExternalProcess process;
  private int port;

  private Nginx(TempFolder folder) {
    this.folder = folder;
  }

  /** Starts nginx on a free port; skips (fails in CI) when nginx is not installed. */
  static Nginx wssProxyTo(int backendPort) throws IOException {
    String executable = Programs.require("nginx", "the Debian package nginx").toString();
    Nginx nginx = new Nginx(TempFolder.create("nginx"));
    try {
      nginx.start(executable, backendPort);
      return nginx;
    } catch (IOException | RuntimeException | Error e) {
      nginx.close();
      throw e;
    }
  }

  private void start(String executable, int backendPort) throws IOException {
    TestIdentity server = TestCertificates.get().server();
    String dir = folder.path().toString();
    port = ExternalProcess.freePort();
    String config =
        String.join(
            "\n",
            "worker_processes 1;",
            "error_log stderr info;",
            "pid " + dir + "/nginx.pid;",
            "events { worker_connections 128; }",
            "http {",
            "  access_log " + dir + "/access.log;",
            "  client_body_temp_path " + dir + "/client_body;",
            "  proxy_temp_path " + dir + "/proxy;",
            "  fastcgi_temp_path " + dir + "/fastcgi;",
            "  uwsgi_temp_path " + dir + "/uwsgi;",
            "  scgi_temp_path " + dir + "/scgi;",
            "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }",
            "  server {",
            "    listen 127.0.0.1:" + port + " ssl;",
            "    ssl_certificate " + server.certificatePem() + ";",
            "    ssl_certificate_key " + server.privateKeyPem() + ";",
            // The connection's serial number: tests count the TCP connections a connect made.
            "    add_header X-Connection $connection always;",
            "    location / {",
            "      proxy_pass http://127.0.0.1:" + backendPort + ";",
            "      proxy_http_version 1.1;",
            "      proxy_set_header Upgrade $http_upgrade;",
            "      proxy_set_header Connection $connection_upgrade;",
            "      proxy_set_header Host $host;",
            "      proxy_read_timeout 120s;",
            "    }",
            "  }",
            "}",
            "");
    String conf = folder.write("nginx.conf", config).toString();
    process =
        ExternalProcess.start(
            "nginx",
            List.of(executable, "-p", dir + "/", "-e", "stderr", "-c", conf, "-g", "daemon off;"),
            folder.path(),
            null);
    process.awaitPort(port, ExternalProcess.START_DEADLINE);
  }

  int port() {
    return port;
  }

  /** {@code wss://HOST:PORT} followed by {@code path}. */
  String url(String host, String path) {
    return "wss://" + host + ":" + port + path;
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
