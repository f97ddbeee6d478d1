package org.ela.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.dialect.Dialect;
import org.ela.core.dialect.Dialects;
import org.ela.core.dialect.EsVersion;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;
import org.ela.core.op.BulkItem;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;

/** A client in front of one backend (a 5.x client unless said): parse as the client, render for the backend, answer back. */
final class TranslationFixture {
    static final Dialects DIALECTS = Dialects.load();
    final Dialect client;
    final Dialect backend;
    final TypeNames types = new TypeNames("doc");

    TranslationFixture(EsVersion backendVersion) {
        this(EsVersion.elasticsearch("5.6.16"), backendVersion);
    }

    TranslationFixture(EsVersion clientVersion, EsVersion backendVersion) {
        this.client = DIALECTS.forVersion(clientVersion);
        this.backend = DIALECTS.forVersion(backendVersion);
    }

    Operation parse(String method, String path, String body) {
        return parse(method, path, body, Map.of());
    }

    Operation parse(String method, String path, String body, Map<String, String> params) {
        return client.requestToNeutral(new EsRequest(method, path, new LinkedHashMap<>(params), "application/json", bytes(body)));
    }

    EsRequest render(String method, String path, String body) {
        return backend.requestFromNeutral(parse(method, path, body), types);
    }

    EsRequest render(String method, String path, String body, Map<String, String> params) {
        return backend.requestFromNeutral(parse(method, path, body, params), types);
    }

    /** A neutral operation Ela issues itself (replication, batch tasks). */
    EsRequest renderInternal(OpKind kind, String index, Map<String, String> params, String body, List<BulkItem> items) {
        return backend.requestFromNeutral(Operation.internal(kind, index, params, bytes(body), items), types);
    }

    /** The backend's answer as the client receives it. */
    JsonNode answer(Operation op, int status, String backendBody) {
        return Json.read(respond(op, status, backendBody).body());
    }

    EsResponse respond(Operation op, int status, String backendBody) {
        EsResponse neutral = backend.answerToNeutral(op, EsResponse.json(status, bytes(backendBody)));
        return client.answerFromNeutral(op, neutral, types);
    }

    static JsonNode json(EsRequest request) {
        return Json.read(request.body());
    }

    static String text(EsRequest request) {
        return new String(request.body(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
