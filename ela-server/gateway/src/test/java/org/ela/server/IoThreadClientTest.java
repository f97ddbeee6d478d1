package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ela.core.cluster.ClientSettings;
import org.ela.core.cluster.ClusterClient;
import org.ela.core.config.BackendTls;
import org.ela.core.http.EsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * The forwarding hot path's transport, against a bare HTTP server standing in for a node (what is checked is the
 * transport, not what Elasticsearch answers): a request from an I/O thread stays on that thread, and a kept
 * connection the node closed while idle does not fail the next read, and an answer sent in chunks arrives whole.
 */
class IoThreadClientTest {
    private Undertow node;
    private XnioWorker worker;
    private ClusterClient client;

    @BeforeEach
    void start() throws Exception {
        node = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, 200) // closes kept connections behind the client's back
                .setHandler(new BlockingHandler(ex -> {
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    if (ex.getRequestURI().startsWith("/chunked")) { // no length: sent in chunks, as ES 8 does some
                        ex.getOutputStream().write("{\"path\":".getBytes(StandardCharsets.UTF_8));
                        ex.getOutputStream().flush();
                        ex.getOutputStream().write(("\"" + ex.getRequestURI() + "\"}").getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    ex.getResponseSender().send("{\"path\":\"" + ex.getRequestURI() + "\"}");
                })).build();
        node.start();
        int port = ((InetSocketAddress) node.getListenerInfo().get(0).getAddress()).getPort();
        worker = Xnio.getInstance().createWorker(OptionMap.EMPTY);
        client = new ClusterClient("es5", List.of(URI.create("http://127.0.0.1:" + port)), null, null,
                BackendTls.DEFAULT, ClientSettings.defaults());
    }

    @AfterEach
    void stop() {
        client.close();
        worker.shutdownNow();
        node.stop();
    }

    @Test
    void aReadSentFromAnIoThreadIsAnsweredOnThatThread() throws Exception {
        XnioIoThread io = worker.getIoThread();
        assertThat(getFrom(io, "/idx/doc/1")).isEqualTo(io.getName() + " 200 {\"path\":\"/idx/doc/1\"}");
    }

    @Test
    void aConnectionTheNodeClosedWhileIdleIsReplacedForTheNextRead() throws Exception {
        XnioIoThread io = worker.getIoThread();
        assertThat(getFrom(io, "/a")).endsWith("200 {\"path\":\"/a\"}");
        Thread.sleep(600);
        assertThat(getFrom(io, "/b")).endsWith("200 {\"path\":\"/b\"}");
    }

    @Test
    void aChunkedAnswerIsJoinedAndItsConnectionKept() throws Exception {
        XnioIoThread io = worker.getIoThread();
        assertThat(getFrom(io, "/chunked/1")).endsWith("200 {\"path\":\"/chunked/1\"}");
        assertThat(getFrom(io, "/chunked/2")).endsWith("200 {\"path\":\"/chunked/2\"}");
    }

    private String getFrom(XnioIoThread io, String path) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        io.execute(() -> client.send(EsRequest.of("GET", path)).whenComplete((r, e) -> answer.complete(
                Thread.currentThread().getName() + " " + (e != null ? e.toString() : r.status() + " " + r.bodyText()))));
        return answer.get(10, TimeUnit.SECONDS);
    }
}
