package org.ela.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder in front of a cluster (or of a Kafka listener advertised at the proxy's port, see
 * {@code LocalKafka.startProxied}), so a test can take it "down" for Ela (refused connections, cut connections)
 * without stopping it.
 */
final class TcpProxy implements AutoCloseable {
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    TcpProxy(int targetPort) throws IOException {
        this(0, targetPort);
    }

    /** @param port where it listens, 0 for any free port */
    TcpProxy(int port, int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = listen(port);
        this.port = server.getLocalPort();
        acceptLoop(server);
    }

    String address() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Refuses new connections and cuts the open ones. */
    synchronized void pause() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    synchronized void resume() throws IOException {
        if (server.isClosed()) {
            server = listen(port);
            acceptLoop(server);
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void acceptLoop(ServerSocket listening) {
        Thread t = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    synchronized (this) { // else a connection accepted while pause() runs would outlive it
                        if (listening.isClosed()) {
                            close(client);
                            close(upstream);
                            continue;
                        }
                        open.add(client);
                        open.add(upstream);
                    }
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    // closed by pause() or close()
                }
            }
        }, "proxy-accept-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // connection cut
            } finally {
                close(from);
                close(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        pause();
    }
}
