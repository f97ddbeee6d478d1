package org.ela.server.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx or HAProxy as the benchmark's pass-through anchors: each a child process in the foreground, on a
 * configuration written for the run (keep-alive to the backend, no access log, bodies kept in memory).
 */
final class NativeProxy implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;
    private final int mirrorPort;

    private NativeProxy(String name, Process process, int port, int mirrorPort) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.mirrorPort = mirrorPort;
    }

    /**
     * nginx on two ports: {@code port} proxies to the master, {@code mirrorPort} also sends each request to the
     * slave ({@code mirror}, the nginx way of writing to two clusters).
     */
    static NativeProxy nginx(Path dir, int port, int mirrorPort, String master, String slave) throws IOException {
        Files.createDirectories(dir);
        String proxy = """
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                """;
        String conf = """
                worker_processes auto;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body; proxy_temp_path %1$s/proxy; fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi; scgi_temp_path %1$s/scgi;
                  client_max_body_size 100m;
                  client_body_buffer_size 1m;
                  proxy_buffers 16 64k;
                  upstream master { server %4$s; keepalive 32; }
                  upstream slave { server %5$s; keepalive 32; }
                  server {
                    listen 127.0.0.1:%2$d;
                    location / { proxy_pass http://master; %6$s }
                  }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / { mirror /mirror; mirror_request_body on; proxy_pass http://master; %6$s }
                    location = /mirror { internal; proxy_pass http://slave$request_uri; %6$s }
                  }
                }
                """.formatted(dir, port, mirrorPort, hostPort(master), hostPort(slave), proxy.strip());
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        return start("nginx", List.of(NativeTools.path("nginx"), "-c", file.toString(), "-p", dir.toString()),
                dir.resolve("nginx.out"), port, mirrorPort);
    }

    static NativeProxy haproxy(Path dir, int port, String master) throws IOException {
        Files.createDirectories(dir);
        String conf = """
                global
                  maxconn 4096
                defaults
                  mode http
                  option http-keep-alive
                  timeout connect 5s
                  timeout client 60s
                  timeout server 60s
                frontend bench
                  bind 127.0.0.1:%d
                  default_backend master
                backend master
                  http-reuse always
                  server es %s
                """.formatted(port, hostPort(master));
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, conf);
        return start("haproxy", List.of(NativeTools.path("haproxy"), "-db", "-f", file.toString()),
                dir.resolve("haproxy.out"), port, 0);
    }

    private static NativeProxy start(String name, List<String> command, Path log, int port, int mirrorPort)
            throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        NativeProxy proxy = new NativeProxy(name, p, port, mirrorPort);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException(name + " exited with code " + p.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return proxy;
            } catch (IOException notYet) {
                sleep();
            }
        }
        proxy.close();
        throw new IOException(name + " did not listen on " + port + " within 10 s: " + Files.readString(log));
    }

    private static String hostPort(String httpAddress) {
        return httpAddress.replaceFirst("^https?://", "").replaceFirst("/$", "");
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    String address() {
        return "http://127.0.0.1:" + port;
    }

    /** nginx's port that mirrors every request to the slave. */
    String mirrorAddress() {
        return "http://127.0.0.1:" + mirrorPort;
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: both stop their workers
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
