package org.ela.server;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.net.InetSocketAddress;
import org.ela.core.config.GatewayConfig;
import org.ela.core.dispatch.DualWriteDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's HTTP listener: Undertow in front of a {@link DualWriteDispatcher}. */
public final class GatewayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    /** Elasticsearch's own default limit (http.max_content_length). */
    private static final long MAX_BODY = 100L * 1024 * 1024;

    private final Undertow undertow;
    private final DualWriteDispatcher dispatcher;

    public GatewayServer(GatewayConfig config, DualWriteDispatcher dispatcher) {
        this.dispatcher = dispatcher;
        BasicAuth auth = new BasicAuth(config.user(), config.password());
        if (!auth.enabled()) {
            log.warn("gateway.user is not set: the gateway accepts unauthenticated requests");
        }
        this.undertow = Undertow.builder()
                .addHttpListener(config.port(), config.host())
                .setIoThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setWorkerThreads(4) // only /_ela/ admin requests, which may wait, run there
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_BODY)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setHandler(new GatewayHandler(dispatcher, auth))
                .build();
    }

    public GatewayServer start() {
        undertow.start();
        log.info("gateway listening on {}", address());
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
        dispatcher.close();
    }
}
