package org.ela.server.chaos;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application thread writing through the gateway as a 5.x client: index, partial update, delete, delete and
 * re-create, bulk and refresh, on ids that every writer shares, so that writes to one id race and deletes are
 * followed by re-creates (whose master version restarts at 1 once the tombstone is collected). A request that got
 * no answer or a 5xx/429 (the gateway or the master down) is retried until a definitive answer: a write counts as
 * acknowledged only on a 2xx.
 */
public final class Writer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Writer.class);
    private static final Duration RETRY_FOR = Duration.ofSeconds(120);
    private static final long RETRY_PAUSE_MILLIS = 250;

    private final Rest gateway;
    private final String index;
    private final String docs;
    private final int ids;
    private final Random random;
    private final Tally ops;
    private final BooleanSupplier running;
    private final String name;

    /**
     * @param index   created beforehand, with a small {@code index.gc_deletes} to make versions go backwards
     * @param ids     size of the id space shared by all writers
     * @param running the writer stops once this says no, after finishing its current operation
     */
    public Writer(Rest gateway, String index, int ids, Random random, Tally ops, BooleanSupplier running, String name) {
        this.gateway = gateway;
        this.index = "/" + index;
        this.docs = this.index + "/doc/";
        this.ids = ids;
        this.random = random;
        this.ops = ops;
        this.running = running;
        this.name = name;
    }

    @Override
    public void run() {
        try {
            for (long seq = 0; running.getAsBoolean(); seq++) {
                writeOnce(seq);
            }
        } catch (Throwable t) {
            ops.add("writer crashed");
            log.error("{} stopped", name, t);
        }
    }

    private void writeOnce(long seq) {
        String id = Integer.toString(random.nextInt(ids));
        switch (random.nextInt(10)) {
            case 0, 1, 2 -> attempt("index", "PUT", docs + id, source(seq));
            case 3, 4 -> attempt("update", "POST", docs + id + "/_update",
                    "{\"doc\":{\"touched_by\":\"" + name + "\",\"seq\":" + seq + "},\"doc_as_upsert\":true}");
            case 5 -> attempt("delete", "DELETE", docs + id, null);
            case 6, 7 -> recreate(id, seq);
            case 8 -> attempt("bulk", "POST", docs + "_bulk", bulk(seq));
            default -> attempt("refresh", "POST", index + "/_refresh", null);
        }
    }

    /** Delete then create: with a collected tombstone, the master restarts the document at version 1. */
    private void recreate(String id, long seq) {
        if (attempt("recreate-delete", "DELETE", docs + id + "?refresh=true", null)) {
            attempt("recreate", "PUT", docs + id + "/_create", source(seq));
        }
    }

    private String source(long seq) {
        return "{\"writer\":\"" + name + "\",\"seq\":" + seq + ",\"price\":" + random.nextInt(100_000) + ".50"
                + ",\"tags\":[\"t" + random.nextInt(5) + "\",\"t" + random.nextInt(5) + "\"]}";
    }

    private String bulk(long seq) {
        StringBuilder lines = new StringBuilder();
        for (int item = 1 + random.nextInt(5); item > 0; item--) {
            String id = Integer.toString(random.nextInt(ids));
            switch (random.nextInt(3)) {
                case 0 -> lines.append("{\"index\":{\"_id\":\"").append(id).append("\"}}\n").append(source(seq)).append('\n');
                case 1 -> lines.append("{\"delete\":{\"_id\":\"").append(id).append("\"}}\n");
                default -> lines.append("{\"update\":{\"_id\":\"").append(id).append("\"}}\n")
                        .append("{\"doc\":{\"bulk_seq\":").append(seq).append("},\"doc_as_upsert\":true}\n");
            }
        }
        return lines.toString();
    }

    /**
     * Sends until a definitive answer and counts it under {@code kind}: "ok" (2xx), "4xx" (a definitive refusal, such as a
     * create that found the id taken or a delete that found nothing) or "failed" (no definitive answer within the retry period).
     *
     * @return whether the write was acknowledged
     */
    private boolean attempt(String kind, String method, String path, String body) {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                Rest.Reply reply = gateway.send(method, path, body);
                if (reply.status() < 500 && reply.status() != 429) {
                    ops.add(kind + (reply.ok() ? " ok" : " 4xx"));
                    return reply.ok();
                }
                last = reply.status() + " " + reply.body();
            } catch (IOException noAnswer) {
                last = noAnswer.toString();
            }
            ops.add("retries");
            pause();
        }
        ops.add(kind + " failed");
        log.warn("{}: {} {} got no definitive answer within {} s; last: {}", name, method, path,
                RETRY_FOR.toSeconds(), last);
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
