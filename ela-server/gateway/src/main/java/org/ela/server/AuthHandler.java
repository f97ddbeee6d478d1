package org.ela.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetAddress;
import java.util.function.Supplier;
import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.EsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First link of the chain: who is calling. The gateway user may use everything when no admin user is configured;
 * with {@code gateway.admin_user}, only that user may call {@code /_ela/*} (the gateway user gets a 403). Wrong
 * credentials count against the client's address in {@link LoginThrottle}.
 */
final class AuthHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(AuthHandler.class);
    private static final HttpString WWW_AUTHENTICATE = new HttpString("WWW-Authenticate");

    private final HttpHandler next;
    private final BasicAuth app;
    private final BasicAuth admin;
    private final LoginThrottle throttle;
    private final Supplier<Dialect> dialect;

    AuthHandler(HttpHandler next, BasicAuth app, BasicAuth admin, LoginThrottle throttle, Supplier<Dialect> dialect) {
        this.next = next;
        this.app = app;
        this.admin = admin;
        this.throttle = throttle;
        this.dialect = dialect;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null && !app.enabled() && !admin.enabled()) {
            next.handleRequest(exchange); // loopback or insecure: open, as configured
            return;
        }
        InetAddress client = exchange.getSourceAddress().getAddress();
        long wait = throttle.blockedSeconds(client);
        if (wait > 0) {
            Answers.sendRetryable(exchange, dialect.get().error(new EsException(429, "security_exception",
                    "[gateway] too many failed logins from this address; retry in " + wait + " s")), wait);
            return;
        }
        boolean isAdmin = admin.accepts(header);
        boolean isApp = !isAdmin && app.accepts(header);
        if (header != null && !isAdmin && !isApp && (app.enabled() || admin.enabled())) {
            throttle.failed(client);
            log.info("failed login from {} for {}", client.getHostAddress(), exchange.getRequestURI());
            unauthorized(exchange, "unable to authenticate user for REST request [" + exchange.getRequestURI() + "]");
            return;
        }
        if (AdminHandler.isAdmin(exchange) && admin.enabled() && !isAdmin) {
            if (isApp && app.enabled()) {
                Answers.send(exchange, dialect.get().error(new EsException(403, "security_exception",
                        "[gateway] action [" + exchange.getRequestURI() + "] is unauthorized for user [" + app.user()
                                + "]: Ela's endpoints need gateway.admin_user")));
            } else {
                unauthorized(exchange, "missing authentication credentials for REST request [" + exchange.getRequestURI() + "]");
            }
            return;
        }
        if (app.enabled() && !isApp && !isAdmin) {
            unauthorized(exchange, "missing authentication credentials for REST request [" + exchange.getRequestURI() + "]");
            return;
        }
        next.handleRequest(exchange);
    }

    private void unauthorized(HttpServerExchange exchange, String reason) {
        exchange.getResponseHeaders().put(WWW_AUTHENTICATE, "Basic realm=\"security\" charset=\"UTF-8\"");
        Answers.send(exchange, dialect.get().error(new EsException(401, "security_exception", reason)));
    }
}
