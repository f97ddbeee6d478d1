package org.ela.server;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.ela.core.config.ConfigException;
import org.ela.core.config.GatewayConfig;
import org.ela.core.config.LimitsConfig;
import org.ela.core.config.ListenerTls;
import org.ela.core.dialect.Dialect;
import org.ela.core.dispatch.DualWriteDispatcher;
import org.ela.core.tls.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

/**
 * The gateway's HTTP(S) listener: Undertow in front of a {@link DualWriteDispatcher}, through a chain of small
 * handlers: {@link AuthHandler} → {@link AdminHandler} (own executor) → {@link LimitsHandler} → {@link DispatchHandler}.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    /** Threads for /_ela/ requests: a switch holds one while it waits; status and a refused second switch need others. */
    private static final int ADMIN_THREADS = 3;

    private final Undertow undertow;
    private final DualWriteDispatcher dispatcher;
    private final ThreadPoolExecutor adminExecutor;
    private final boolean tls;

    public GatewayServer(GatewayConfig config, DualWriteDispatcher dispatcher) {
        this.dispatcher = dispatcher;
        LimitsConfig limits = config.security().limits();
        BasicAuth app = new BasicAuth(config.user(), config.password());
        BasicAuth admin = new BasicAuth(config.security().adminUser(), config.security().adminPassword());
        if (!app.enabled()) {
            log.warn("gateway.user is not set: the gateway accepts unauthenticated requests on {}{}", config.host(),
                    config.security().insecure() ? " (gateway.insecure: true)" : " (loopback only)");
        }
        this.adminExecutor = new ThreadPoolExecutor(ADMIN_THREADS, ADMIN_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(16), daemonThreads());
        this.adminExecutor.allowCoreThreadTimeOut(true);
        Supplier<Dialect> dialect = dispatcher::clientDialect;
        Bodies bodies = new Bodies(limits.maxBodyBytes(), limits.bodyTimeout(), dialect);
        HttpHandler chain = new AuthHandler(
                new AdminHandler(
                        new LimitsHandler(new DispatchHandler(dispatcher, bodies),
                                new InFlight(limits.maxInFlight(), limits.maxInFlightBytes()), bodies,
                                limits.maxBodyBytes(), dialect, dispatcher.metrics().requests()),
                        new AdminEndpoints(dispatcher, limits.maxSwitchTimeout()), dispatcher, bodies, adminExecutor),
                app, admin, new LoginThrottle(limits.loginFailures(), limits.loginBlock(), System::nanoTime), dialect);
        ListenerTls listenerTls = config.security().tls();
        this.tls = listenerTls != null;
        Undertow.Builder builder = Undertow.builder()
                .setIoThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setWorkerThreads(2) // unused by requests (see the chain); Undertow needs a worker pool
                .setByteBufferPool(new ThreadBuffers(16 * 1024, 256))
                // Undertow answers a declared length above its MAX_ENTITY_SIZE (2 MB by default) with a bare 400
                // before any handler runs: Bodies enforces the limit per request instead, with a 413 as ES
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, Long.MAX_VALUE)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                // as Elasticsearch, which sends no Date header: formatting one cost ~1% of a pass-through
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.requestParseTimeout().toMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.noRequestTimeout().toMillis())
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, (int) limits.idleTimeout().toMillis())
                .setHandler(chain);
        if (listenerTls == null) {
            builder.addHttpListener(config.port(), config.host());
        } else {
            try {
                builder.addHttpsListener(config.port(), config.host(), TlsContexts.server(listenerTls));
            } catch (IOException e) {
                throw new ConfigException("gateway.tls: " + e.getMessage());
            }
            if (listenerTls.clientAuth() != ListenerTls.ClientAuth.NONE) {
                builder.setSocketOption(Options.SSL_CLIENT_AUTH_MODE,
                        listenerTls.clientAuth() == ListenerTls.ClientAuth.REQUIRED
                                ? SslClientAuthMode.REQUIRED : SslClientAuthMode.REQUESTED);
            }
        }
        this.undertow = builder.build();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "ela-admin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public GatewayServer start() {
        undertow.start();
        log.info("gateway listening on {}://{}:{}", tls ? "https" : "http", address().getHostString(), port());
        return this;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    }

    public int port() {
        return address().getPort();
    }

    public DualWriteDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void close() {
        undertow.stop();
        adminExecutor.shutdownNow();
        dispatcher.close();
    }
}
