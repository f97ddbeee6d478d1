package org.ela.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.ela.core.cluster.ResponseTooLargeException;
import org.junit.jupiter.api.Test;

/**
 * The forwarding client's reading of answers, fed in every split a socket can make: what the gateway hands on
 * (status, body, the headers clients rely on) and whether the connection may carry the next request.
 */
class AnswerParserTest {
    private static final String ES_GET = "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=UTF-8\r\n"
            + "content-length: 18\r\nWarning: 299 Elasticsearch \"deprecated\"\r\n\r\n{\"found\":true,\"a\"}";

    @Test
    void anAnswerWithALengthIsReadWhateverPiecesItComesIn() throws IOException {
        for (int piece = 1; piece <= ES_GET.length(); piece++) {
            AnswerParser p = parser(false);
            assertThat(feedInPieces(p, ES_GET, piece)).as("pieces of %d", piece).isTrue();
            assertThat(p.status()).isEqualTo(200);
            assertThat(p.contentType()).isEqualTo("application/json; charset=UTF-8");
            assertThat(new String(p.body(), StandardCharsets.UTF_8)).isEqualTo("{\"found\":true,\"a\"}");
            assertThat(p.kept()).containsEntry("Warning", "299 Elasticsearch \"deprecated\"");
            assertThat(p.keepAlive()).isTrue();
        }
    }

    @Test
    void aChunkedAnswerIsJoinedWhateverPiecesItComesIn() throws IOException {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-elastic-product: Elasticsearch\r\n\r\n"
                + "5;ext=1\r\n{\"a\":\r\nA\r\n[1,2,3,4]}\r\n0\r\nTrailer: x\r\n\r\n";
        for (int piece = 1; piece <= chunked.length(); piece++) {
            AnswerParser p = parser(false);
            assertThat(feedInPieces(p, chunked, piece)).as("pieces of %d", piece).isTrue();
            assertThat(new String(p.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1,2,3,4]}");
            assertThat(p.kept()).containsEntry("X-Elastic-Product", "Elasticsearch");
            assertThat(p.keepAlive()).isTrue();
        }
    }

    @Test
    void anAnswerToHeadHasNoBodyWhateverItsLengthSays() throws IOException {
        AnswerParser p = parser(true);
        assertThat(p.feed(bytes("HTTP/1.1 200 OK\r\ncontent-length: 321\r\n\r\n"))).isTrue();
        assertThat(p.body()).isEmpty();
        assertThat(p.keepAlive()).isTrue();
    }

    @Test
    void anAnswerWithoutLengthEndsWithTheConnectionWhichIsNotKept() throws IOException {
        AnswerParser p = parser(false);
        assertThat(p.feed(bytes("HTTP/1.0 200 OK\r\n\r\n{\"a\":"))).isFalse();
        assertThat(p.feed(bytes("1}"))).isFalse();
        assertThat(p.end()).isTrue();
        assertThat(new String(p.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(p.keepAlive()).isFalse();
    }

    @Test
    void anAnswerCutShortIsNotAnAnswer() throws IOException {
        AnswerParser p = parser(false);
        assertThat(p.feed(bytes("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n{\"a\""))).isFalse();
        assertThat(p.started()).isTrue();
        assertThat(p.end()).isFalse();
    }

    @Test
    void theClusterAskingToCloseIsHeeded() throws IOException {
        AnswerParser p = parser(false);
        assertThat(p.feed(bytes("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\ncontent-length: 0\r\n\r\n")))
                .isTrue();
        assertThat(p.status()).isEqualTo(503);
        assertThat(p.keepAlive()).isFalse();
    }

    @Test
    void bytesPastTheAnswerSpoilTheConnection() throws IOException {
        AnswerParser p = parser(false);
        assertThat(p.feed(bytes("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}HTTP/1.1"))).isTrue();
        assertThat(p.keepAlive()).isFalse();
    }

    @Test
    void anAnswerOverTheCapIsRefusedAsSoonAsItsSizeIsKnown() {
        AnswerParser byLength = new AnswerParser("es5", false, 100);
        assertThatThrownBy(() -> byLength.feed(bytes("HTTP/1.1 200 OK\r\ncontent-length: 101\r\n\r\n")))
                .isInstanceOf(ResponseTooLargeException.class);
        AnswerParser byChunks = new AnswerParser("es5", false, 100);
        assertThatThrownBy(() -> byChunks.feed(bytes("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n65\r\n"
                + "x".repeat(101)))).isInstanceOf(ResponseTooLargeException.class);
    }

    @Test
    void whatIsNotHttpIsAProtocolError() {
        assertThatThrownBy(() -> parser(false).feed(bytes("SSH-2.0-OpenSSH\r\n\r\n")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("es5");
        assertThatThrownBy(() -> parser(false).feed(bytes("HTTP/1.1 200 OK\r\ncontent-length: -3\r\n\r\n")))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> parser(false).feed(bytes("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n")))
                .isInstanceOf(ProtocolException.class);
    }

    private static AnswerParser parser(boolean head) {
        return new AnswerParser("es5", head, 1024 * 1024);
    }

    private static boolean feedInPieces(AnswerParser p, String answer, int piece) throws IOException {
        byte[] all = answer.getBytes(StandardCharsets.UTF_8);
        boolean done = false;
        for (int from = 0; from < all.length; from += piece) {
            assertThat(done).as("complete before its last byte").isFalse();
            done = p.feed(ByteBuffer.wrap(all, from, Math.min(piece, all.length - from)).slice());
        }
        return done;
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
