package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The client's connection while its request is forwarded (real ES 5.6 master): reads stay registered then, so a
 * request the client sends before its previous answer, or its close, must still be handled as Undertow does: the
 * answers in order, and no I/O thread left spinning on a connection that has data or an end nobody reads yet.
 */
class ClientConnectionTest {
    /** A forwarded request that the master answers after one second (408: the nodes never come). */
    private static final String SLOW = "/_cluster/health?wait_for_nodes=9&timeout=1s";
    /** The same, answered after four seconds. */
    private static final String SLOWER = "/_cluster/health?wait_for_nodes=9&timeout=4s";
    /** A write with a body that the master refuses after one second (503: the index's replicas never come). */
    private static final String SLOW_WRITE = "/pipelined/doc/1?wait_for_active_shards=2&timeout=1s";
    private static final String SEARCH = "{\"query\":{\"match_all\":{}}}";
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");
    private static final Pattern LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    private final GatewayServer gateway = TestGateways.withMaster("es5");

    @Test
    void aRequestSentBeforeThePreviousAnswerIsAnsweredAfterIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request("GET", SLOW));
            out.flush();
            Thread.sleep(300); // the first request is at the master by now
            out.write(request("GET", "/"));
            out.write(request("HEAD", "/"));
            out.flush();
            List<Integer> statuses = new ArrayList<>();
            InputStream in = socket.getInputStream();
            statuses.add(answer(in, true));
            statuses.add(answer(in, true));
            statuses.add(answer(in, false));
            assertThat(statuses).containsExactly(408, 200, 200);
        }
    }

    /** After a body, Undertow keeps another conduit in front of the socket until the exchange ends. */
    @Test
    void requestsWithBodiesSentBeforeThePreviousAnswerAreAnsweredAfterIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request("PUT", SLOW_WRITE, "{\"n\":1}"));
            out.flush();
            Thread.sleep(300);
            out.write(request("POST", "/_search", SEARCH));
            out.write(request("POST", "/_search", SEARCH));
            out.write(request("GET", "/"));
            out.flush();
            List<Integer> statuses = new ArrayList<>();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 4; i++) {
                statuses.add(answer(in, true));
            }
            assertThat(statuses).containsExactly(503, 200, 200, 200);
        }
    }

    @Test
    void aClientThatClosesWhileItsRequestIsForwardedLeavesNoThreadBusy() throws Exception {
        for (int i = 0; i < 6; i++) { // one per I/O thread at least, with and without a body
            try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
                socket.getOutputStream().write(i % 2 == 0 ? request("GET", SLOWER)
                        : request("PUT", SLOW_WRITE.replace("1s", "4s"), "{\"n\":2}"));
                socket.getOutputStream().flush();
                Thread.sleep(50); // the request reaches the gateway before the close
            }
        }
        long before = ioThreadsCpuNanos();
        Thread.sleep(3_000); // the requests are still at the master: their connections' ends are unread
        long usedMillis = (ioThreadsCpuNanos() - before) / 1_000_000;
        assertThat(usedMillis).as("CPU of the gateway's I/O threads over 3 s, ms").isLessThan(300);
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request("GET", "/"));
            assertThat(answer(socket.getInputStream(), true)).isEqualTo(200);
        }
    }

    private static long ioThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains(" I/O-")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static byte[] request(String method, String path) {
        return request(method, path, null);
    }

    private static byte[] request(String method, String path, String json) {
        String auth = Base64.getEncoder().encodeToString(
                (TestGateways.USER + ":" + TestGateways.PASSWORD).getBytes(StandardCharsets.UTF_8));
        String body = json == null ? "" : "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json;
        return (method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth + "\r\n"
                + (json == null ? "\r\n" : body)).getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one answer (its body too when {@code withBody}) and returns its status. */
    private static int answer(InputStream in, boolean withBody) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        Matcher status = STATUS.matcher(headers);
        Matcher length = LENGTH.matcher(headers);
        assertThat(status.find() && length.find()).as(headers).isTrue();
        if (withBody) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
        return Integer.parseInt(status.group(1));
    }
}
