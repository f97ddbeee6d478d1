package org.ela.server;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.ela.core.cluster.ResponseTooLargeException;

/**
 * Reads one HTTP/1.1 answer of a cluster as its bytes arrive, in whatever pieces: the status, the headers a client
 * relies on, and the body, delimited by {@code Content-Length}, chunks or the connection's end. It keeps only what
 * {@link InlineExchange} hands on, and it stops at the answer's last byte, so that a kept connection is not read
 * again until the next answer is due.
 */
final class AnswerParser {
    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    private enum State { HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, UNTIL_CLOSE, DONE }

    private final String cluster;
    private final boolean bodiless;
    private final long maxBytes;
    private State state = State.HEAD;
    private byte[] head = new byte[1024];
    private int headSize;
    private int status;
    private String contentType;
    private Map<String, String> kept = Map.of();
    private boolean keepAlive = true;
    private byte[] body;
    private int size;
    private long remaining;
    private StringBuilder line; // only chunked answers have lines past the head

    /** @param bodiless the request was a HEAD: its answer has headers only, whatever its Content-Length says */
    AnswerParser(String cluster, boolean bodiless, long maxBytes) {
        this.cluster = cluster;
        this.bodiless = bodiless;
        this.maxBytes = maxBytes;
    }

    /** Consumes the buffer's bytes; true once the answer is complete. Bytes past its end spoil the connection. */
    boolean feed(ByteBuffer in) throws IOException {
        if (state == State.HEAD) {
            int n = in.remaining();
            if (headSize + n > head.length) {
                if (headSize + n > MAX_HEAD + 64 * 1024) {
                    throw new ProtocolException(cluster + " sent an answer whose headers are longer than " + MAX_HEAD);
                }
                head = Arrays.copyOf(head, Math.max(headSize + n, head.length * 2));
            }
            int scanFrom = Math.max(0, headSize - 3);
            in.get(head, headSize, n);
            headSize += n;
            int end = indexOf(head, scanFrom, headSize, CRLF_CRLF);
            if (end < 0) {
                if (headSize > MAX_HEAD) {
                    throw new ProtocolException(cluster + " sent an answer whose headers are longer than " + MAX_HEAD);
                }
                return false;
            }
            readHead(end);
            in = ByteBuffer.wrap(head, end + 4, headSize - end - 4);
        }
        while (in.hasRemaining() || state == State.DONE) {
            switch (state) {
                case LENGTH, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    take(in, n);
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.LENGTH ? State.DONE : State.CHUNK_END;
                    }
                }
                case UNTIL_CLOSE -> take(in, in.remaining());
                case CHUNK_SIZE, CHUNK_END, TRAILER -> {
                    String l = line(in);
                    if (l != null) {
                        chunkLine(l);
                    }
                }
                case DONE -> {
                    if (in.hasRemaining()) {
                        keepAlive = false; // more than one answer: not a connection to send on again
                    }
                    return true;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return state == State.DONE;
    }

    /** The connection ended: true when that completes the answer (one delimited by the end), else not an answer. */
    boolean end() {
        if (state == State.UNTIL_CLOSE) {
            state = State.DONE;
            keepAlive = false;
        }
        return state == State.DONE;
    }

    /** Whether any byte of the answer came: a request is sent again only on a connection that answered nothing. */
    boolean started() {
        return headSize > 0;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    Map<String, String> kept() {
        return kept;
    }

    byte[] body() {
        return body.length == size ? body : Arrays.copyOf(body, size);
    }

    private void readHead(int end) throws IOException {
        String text = new String(head, 0, end, StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        String statusLine = eol < 0 ? text : text.substring(0, eol);
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new ProtocolException(cluster + " did not answer in HTTP/1.1: " + statusLine);
        }
        status = parseStatus(statusLine);
        keepAlive = statusLine.charAt(7) == '1';
        long length = -1;
        boolean chunked = false;
        for (int from = eol + 2; eol >= 0 && from < text.length(); from = eol + 2) {
            eol = text.indexOf("\r\n", from);
            int to = eol < 0 ? text.length() : eol;
            int colon = text.indexOf(':', from);
            if (colon < 0 || colon > to) {
                continue;
            }
            String name = text.substring(from, colon).trim();
            String value = text.substring(colon + 1, to).trim();
            if (name.equalsIgnoreCase("content-length")) {
                length = parseLength(value);
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                chunked = value.regionMatches(true, value.length() - 7, "chunked", 0, 7);
            } else if (name.equalsIgnoreCase("connection")) {
                keepAlive = !value.equalsIgnoreCase("close") && (keepAlive || value.equalsIgnoreCase("keep-alive"));
            } else if (name.equalsIgnoreCase("content-type")) {
                contentType = value;
            } else if (name.equalsIgnoreCase("x-elastic-product")) {
                keep("X-Elastic-Product", value);
            } else if (name.equalsIgnoreCase("warning")) {
                keep("Warning", value);
            }
        }
        if (bodiless || status == 204 || status == 304 || status < 200) {
            body = new byte[0];
            state = State.DONE;
        } else if (chunked) {
            body = new byte[1024];
            state = State.CHUNK_SIZE;
        } else if (length >= 0) {
            if (length > maxBytes) {
                throw new ResponseTooLargeException(cluster, maxBytes);
            }
            body = new byte[(int) length];
            remaining = length;
            state = length == 0 ? State.DONE : State.LENGTH;
        } else {
            body = new byte[1024];
            keepAlive = false;
            state = State.UNTIL_CLOSE;
        }
    }

    /** The first value of a header the client relies on, as the pooled client keeps it. */
    private void keep(String name, String value) {
        if (kept.isEmpty()) {
            kept = new HashMap<>(2);
        }
        kept.putIfAbsent(name, value);
    }

    private void chunkLine(String l) throws IOException {
        switch (state) {
            case CHUNK_SIZE -> {
                int ext = l.indexOf(';');
                String hex = (ext < 0 ? l : l.substring(0, ext)).trim();
                try {
                    remaining = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new ProtocolException(cluster + " sent a malformed chunk size: " + l);
                }
                if (remaining < 0) {
                    throw new ProtocolException(cluster + " sent a malformed chunk size: " + l);
                }
                state = remaining == 0 ? State.TRAILER : State.CHUNK_DATA;
            }
            case CHUNK_END -> {
                if (!l.isEmpty()) {
                    throw new ProtocolException(cluster + " sent a chunk longer than its size");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILER -> state = l.isEmpty() ? State.DONE : State.TRAILER;
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** A line ended by CRLF, possibly across buffers; null until its end arrives. */
    private String line(ByteBuffer in) throws IOException {
        if (line == null) {
            line = new StringBuilder();
        }
        while (in.hasRemaining()) {
            char c = (char) (in.get() & 0xff);
            if (c == '\n') {
                int n = line.length();
                String l = line.substring(0, n > 0 && line.charAt(n - 1) == '\r' ? n - 1 : n);
                line.setLength(0);
                return l;
            }
            if (line.length() > 4096) {
                throw new ProtocolException(cluster + " sent a chunk line longer than 4096 bytes");
            }
            line.append(c);
        }
        return null;
    }

    private void take(ByteBuffer in, int n) throws IOException {
        if (size + (long) n > maxBytes) {
            throw new ResponseTooLargeException(cluster, maxBytes);
        }
        if (size + n > body.length) {
            body = Arrays.copyOf(body, (int) Math.min(maxBytes, Math.max(size + n, body.length * 2L)));
        }
        in.get(body, size, n);
        size += n;
    }

    private int parseStatus(String statusLine) throws ProtocolException {
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char c = statusLine.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolException(cluster + " answered with a malformed status line: " + statusLine);
            }
            code = code * 10 + (c - '0');
        }
        return code;
    }

    private long parseLength(String value) throws ProtocolException {
        try {
            long length = Long.parseLong(value);
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new ProtocolException(cluster + " sent a malformed Content-Length: " + value);
    }

    private static int indexOf(byte[] a, int from, int to, byte[] what) {
        outer:
        for (int i = from; i <= to - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (a[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
