package org.ela.core.cluster;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import org.ela.core.config.BackendTls;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.tls.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Non-blocking HTTP client of one cluster: a pool of keep-alive connections, requests spread round-robin
 * over the cluster's addresses, and fail-over to the next address when one cannot be reached. Each cluster
 * gets its own configured credentials; nothing of the application's own authentication is ever sent.
 */
public final class ClusterClient implements Transport {
    private static final Logger log = LoggerFactory.getLogger(ClusterClient.class);
    private static final EventLoopClient LOOP = java.util.ServiceLoader.load(EventLoopClient.class,
            ClusterClient.class.getClassLoader()).findFirst().orElse(null);

    private final String name;
    private final Addresses addresses;
    private final String authorization;
    private final CloseableHttpAsyncClient http;
    private final long maxResponseBytes;
    private final ClientSettings settings;

    public ClusterClient(String name, List<URI> addresses, String user, String password, BackendTls tls,
                         ClientSettings settings) throws IOException {
        this.name = name;
        this.maxResponseBytes = settings.maxResponseBytes();
        this.settings = settings;
        this.addresses = new Addresses(addresses, settings.retryDeadAddressAfter());
        this.authorization = user == null || user.isEmpty() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.http = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(settings.maxConnections())
                        .setMaxConnPerRoute(settings.maxConnections())
                        .setTlsStrategy(tlsStrategy(name, addresses, tls))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                                .setSocketTimeout(Timeout.of(settings.socketTimeout()))
                                .build())
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(settings.ioThreads()).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                        .setResponseTimeout(Timeout.of(settings.socketTimeout()))
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        this.http.start();
        if (authorization != null && addresses.stream().anyMatch(a -> a.getScheme().equals("http"))) {
            log.warn("elastics.{}: its credentials are sent in clear text over http://; use https:// addresses", name);
        }
    }

    private static TlsStrategy tlsStrategy(String name, List<URI> addresses, BackendTls tls) throws IOException {
        if (tls.verify() && tls.ca() == null && tls.cert() == null) {
            return ClientTlsStrategyBuilder.create().useSystemProperties().buildAsync();
        }
        if (!tls.verify()) {
            log.warn("!!! elastics.{}.tls.verify is false: Ela accepts ANY certificate from {} — anyone on the"
                    + " network path can read and change its traffic, credentials included. For tests only !!!",
                    name, addresses);
        }
        ClientTlsStrategyBuilder b = ClientTlsStrategyBuilder.create().setSslContext(TlsContexts.client(tls));
        if (!tls.verify()) {
            b.setHostnameVerifier(NoopHostnameVerifier.INSTANCE);
        }
        return b.buildAsync();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<EsResponse> send(EsRequest request) {
        CompletableFuture<EsResponse> result = new CompletableFuture<>();
        attempt(request, addresses.size(), result);
        return result;
    }

    private void attempt(EsRequest request, int attemptsLeft, CompletableFuture<EsResponse> result) {
        URI address = addresses.next();
        FutureCallback<EsResponse> callback = new FutureCallback<>() {
            @Override
            public void completed(EsResponse response) {
                addresses.markAlive(address);
                result.complete(response);
            }

            @Override
            public void failed(Exception e) {
                if (isUnreachable(e)) {
                    addresses.markDead(address);
                    if (attemptsLeft > 1) {
                        log.warn("{}: {} unreachable ({}), trying the next address", name, address, e.toString());
                        attempt(request, attemptsLeft - 1, result);
                        return;
                    }
                }
                if (!(e instanceof ResponseTooLargeException)) {
                    log.warn("{}: {} failed: {}", name, address, e.toString());
                }
                result.completeExceptionally(withoutAddress(e));
            }

            @Override
            public void cancelled() {
                result.completeExceptionally(new IOException(name + ": request cancelled"));
            }
        };
        EventLoopClient.Outgoing outgoing = new EventLoopClient.Outgoing(request.method(), request.uri(),
                request.hasBody() ? plainMediaType(request.contentType()) : null, authorization, request.body());
        CompletableFuture<EsResponse> inline = LOOP == null ? null : LOOP.trySend(name, address, outgoing, settings);
        if (inline != null) {
            inline.whenComplete((response, error) -> {
                if (error == null) {
                    callback.completed(response);
                } else {
                    callback.failed(error instanceof Exception e ? e : new IOException(error));
                }
            });
            return;
        }
        http.execute(SimpleRequestProducer.create(toHttp(address, outgoing)),
                new CappedResponseConsumer(name, maxResponseBytes), callback);
    }

    private static SimpleHttpRequest toHttp(URI address, EventLoopClient.Outgoing request) {
        // the path goes on the request line as the client encoded it: never re-parsed as a java.net.URI
        SimpleRequestBuilder builder = SimpleRequestBuilder.create(request.method())
                .setHttpHost(new HttpHost(address.getScheme(), address.getHost(), address.getPort()))
                .setPath(request.uri());
        if (request.authorization() != null) {
            builder.setHeader("Authorization", request.authorization());
        }
        if (request.hasBody()) {
            builder.setBody(request.body(), ContentType.parse(request.contentType()));
        }
        return builder.build();
    }

    /**
     * The media type a backend of any version accepts for a body. 7.x/8.x clients may send compatibility media
     * types ({@code application/vnd.elasticsearch+json; compatible-with=8}); a backend accepts them only with a
     * matching {@code Accept} header, which Ela does not forward, and only for versions it is compatible with.
     * Plain JSON means the same to every version.
     */
    static String plainMediaType(String type) {
        if (type == null || type.startsWith("text/plain") || type.startsWith("application/x-www-form-urlencoded")) {
            // 5.x detected the format of such bodies (curl -d sends the form type); 6.0+ refuse them with 406
            return "application/json";
        }
        if (!type.contains("vnd.elasticsearch+")) {
            return type;
        }
        return type.contains("ndjson") ? "application/x-ndjson" : "application/json";
    }

    /**
     * What a client may be told: the cluster's configured name and the kind of failure, never its addresses (the
     * full failure, address included, is logged).
     */
    private IOException withoutAddress(Exception e) {
        if (e instanceof ResponseTooLargeException) {
            return (IOException) e;
        }
        String what = e instanceof ConnectException || e instanceof HttpHostConnectException ? "connection refused"
                : e instanceof ConnectTimeoutException ? "connection timed out"
                : e instanceof java.net.SocketTimeoutException ? "no answer in time"
                : e instanceof javax.net.ssl.SSLException ? "TLS failed (" + e.getClass().getSimpleName() + ")"
                : e instanceof UnknownHostException ? "unknown host"
                : e.getClass().getSimpleName();
        return new IOException(name + ": " + what, e);
    }

    /** Connection-level failures: the request never reached a node, so another address may take it. */
    private static boolean isUnreachable(Exception e) {
        return e instanceof ConnectException || e instanceof HttpHostConnectException
                || e instanceof ConnectTimeoutException || e instanceof NoRouteToHostException
                || e instanceof UnknownHostException;
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    @Override
    public String toString() {
        return name + addresses;
    }
}
