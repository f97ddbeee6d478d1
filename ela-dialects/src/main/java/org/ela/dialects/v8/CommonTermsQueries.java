package org.ela.dialects.v8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ela.core.dialect.EsException;
import org.ela.core.http.EsRequest;
import org.ela.core.http.EsResponse;
import org.ela.core.json.Json;

/**
 * The {@code common} terms query (removed in 8.0), rebuilt as the boolean query Lucene's {@code CommonTermsQuery}
 * made of it. A term is frequent if its document frequency is above {@code cutoff_frequency} (an absolute count when
 * that is 1 or more) or above {@code ceil(cutoff_frequency × maxDoc)}; the rare terms are required (with
 * {@code low_freq_operator} and {@code minimum_should_match.low_freq}), the frequent ones only add to the score,
 * unless every term is frequent: then they are required ({@code high_freq_operator}, {@code and} when
 * {@code minimum_should_match.high_freq} is not given or comes to 0), as a 5.6 node does. The frequencies come
 * from the master, read before the search: one {@code _termvectors} of an artificial document per {@code common}
 * query (its terms, analysed as the field is, with their document frequency) and one {@code _stats/docs} (maxDoc:
 * documents and deleted ones, per shard).
 *
 * <p>Approximated: Elasticsearch decided per shard; here the frequencies are those of the shard the artificial
 * document falls on, against the index's average maxDoc per primary shard (exact on one-shard indices). A term
 * repeated in the text counts once. A conditional {@code minimum_should_match} ({@code 3<90%}) of frequent terms
 * alone is taken not to come to 0. The query must name one index or alias: on several, or a pattern, it is refused.
 */
final class CommonTermsQueries {
    private static final Set<String> QUERY_POSITIONS = Set.of("query", "filter", "must", "must_not", "should",
            "positive", "negative", "post_filter", "no_match_query", "queries");
    private static final float DEFAULT_CUTOFF = 0.01f;

    private CommonTermsQueries() {
    }

    /** One {@code common} query: the object holding it (rewritten in place) and its parameters. */
    record Common(ObjectNode holder, String field, String text, float cutoff, String analyzer, ObjectNode spec) {
    }

    static boolean mentionsCommon(byte[] body) {
        return Json.mentions(body, "common");
    }

    /** The {@code common} queries of a search body, in order, wherever queries nest. */
    static List<Common> find(JsonNode body) {
        List<Common> found = new ArrayList<>();
        walk(body, null, null, found);
        return found;
    }

    private static void walk(JsonNode node, String key, String parentKey, List<Common> found) {
        if (node.isArray()) {
            node.forEach(item -> walk(item, key, parentKey, found));
            return;
        }
        if (!(node instanceof ObjectNode o)) {
            return;
        }
        boolean queryPosition = key != null && QUERY_POSITIONS.contains(key) || "filters".equals(parentKey);
        if (queryPosition && o.size() == 1 && o.get("common") instanceof ObjectNode common && common.size() == 1) {
            found.add(parse(o, common));
            return;
        }
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            if (!e.getKey().equals("params")) { // script parameters are data, not queries
                walk(e.getValue(), e.getKey(), key, found);
            }
        }
    }

    private static Common parse(ObjectNode holder, ObjectNode common) {
        Map.Entry<String, JsonNode> field = common.properties().iterator().next();
        JsonNode value = field.getValue();
        ObjectNode spec = value.isObject() ? (ObjectNode) value : Json.object().put("query", value.asText());
        if (!spec.path("query").isValueNode()) {
            throw new EsException(400, "parsing_exception", "No text specified for text query");
        }
        String analyzer = spec.path("analyzer").isTextual() ? spec.get("analyzer").asText() : null;
        return new Common(holder, field.getKey(), spec.get("query").asText(),
                spec.path("cutoff_frequency").floatValue() > 0 ? spec.get("cutoff_frequency").floatValue() : DEFAULT_CUTOFF,
                analyzer, spec);
    }

    /** What the master must answer first: the terms of each query with their frequencies, then the index's maxDoc. */
    static List<EsRequest> lookups(String index, List<Common> commons) {
        if (index == null || index.isEmpty() || index.contains(",") || index.contains("*") || index.equals("_all")) {
            throw EsException.badRequest("[gateway] the common terms query (removed in Elasticsearch 8.0) is emulated"
                    + " on one index or alias at a time, not on [" + (index == null ? "_all" : index) + "]");
        }
        List<EsRequest> lookups = new ArrayList<>();
        for (Common c : commons) {
            ObjectNode tv = Json.object();
            tv.putObject("doc").put(c.field(), c.text());
            tv.putArray("fields").add(c.field());
            tv.put("term_statistics", true).put("field_statistics", false).put("positions", false).put("offsets", false);
            if (c.analyzer() != null) {
                tv.putObject("per_field_analyzer").put(c.field(), c.analyzer());
            }
            lookups.add(new EsRequest("POST", "/" + index + "/_termvectors", Map.of(), "application/json", Json.write(tv)));
        }
        lookups.add(new EsRequest("GET", "/" + index + "/_stats/docs", Map.of("level", "shards"), null, EsRequest.NO_BODY));
        return lookups;
    }

    /** Rewrites each query (as {@link #find} returned them, on the same tree) with the answers to {@link #lookups}. */
    static void rewrite(List<Common> commons, List<EsResponse> answers) {
        float maxDoc = maxDocPerShard(checked(answers.get(answers.size() - 1)));
        for (int i = 0; i < commons.size(); i++) {
            Common c = commons.get(i);
            JsonNode terms = checked(answers.get(i)).path("term_vectors").path(c.field()).path("terms");
            c.holder().remove("common");
            c.holder().setAll(asBool(c, terms, maxDoc));
        }
    }

    private static ObjectNode asBool(Common c, JsonNode terms, float maxDoc) {
        ObjectNode query = Json.object();
        if (terms.isEmpty()) {
            query.putObject("match_none");
            return query;
        }
        List<String> rare = new ArrayList<>();
        List<String> frequent = new ArrayList<>();
        int threshold = (int) Math.ceil(c.cutoff() * maxDoc);
        terms.properties().forEach(t -> {
            long df = t.getValue().path("doc_freq").asLong(0);
            boolean isFrequent = df > 0 && ((c.cutoff() >= 1f && df > c.cutoff()) || df > threshold);
            (isFrequent ? frequent : rare).add(t.getKey());
        });
        JsonNode msm = c.spec().path("minimum_should_match");
        ObjectNode bool = query.putObject("bool");
        if (!rare.isEmpty()) {
            bool.putArray("must").add(group(c.field(), rare, c.spec().path("low_freq_operator").asText("or"),
                    msm.isObject() ? msm.get("low_freq") : msm.isValueNode() ? msm : null, false));
        }
        if (!frequent.isEmpty()) {
            bool.putArray("should").add(group(c.field(), frequent, c.spec().path("high_freq_operator").asText("or"),
                    msm.isObject() ? msm.get("high_freq") : null, rare.isEmpty()));
        }
        if (c.spec().has("boost")) {
            bool.set("boost", c.spec().get("boost"));
        }
        if (c.spec().has("_name")) {
            bool.set("_name", c.spec().get("_name"));
        }
        return query;
    }

    /** The terms as one clause; alone (no rare term), frequent terms are all required unless a minimum above 0 is given. */
    private static ObjectNode group(String field, List<String> terms, String operator, JsonNode msm, boolean alone) {
        boolean required = operator.equalsIgnoreCase("and") || (alone && atLeast(terms.size(), msm) == 0);
        ObjectNode group = Json.object();
        ObjectNode bool = group.putObject("bool");
        ArrayNode clauses = bool.putArray(required ? "must" : "should");
        terms.forEach(t -> clauses.addObject().putObject("term").put(field, t));
        if (!required && msm != null && !msm.isNull()) {
            bool.set("minimum_should_match", msm);
        }
        return group;
    }

    /**
     * What a {@code minimum_should_match} of a number or percentage (negative: that many may be missing) comes to for
     * {@code clauses} optional clauses, as Elasticsearch computed it; a conditional one ({@code 3<90%}) counts as 1.
     */
    static int atLeast(int clauses, JsonNode msm) {
        if (msm == null || msm.isNull()) {
            return 0;
        }
        String spec = msm.asText().trim();
        if (spec.contains("<")) {
            return 1;
        }
        try {
            boolean percent = spec.endsWith("%");
            int n = Integer.parseInt(percent ? spec.substring(0, spec.length() - 1) : spec);
            int count = percent ? (int) (clauses * n / 100.0f) : n;
            return Math.max(0, Math.min(clauses, count < 0 ? clauses + count : count));
        } catch (NumberFormatException e) {
            throw new EsException(400, "parsing_exception", "[common] minimum_should_match [" + spec + "] is not a number");
        }
    }

    private static float maxDocPerShard(JsonNode stats) {
        JsonNode index = stats.path("indices").elements().hasNext() ? stats.path("indices").elements().next() : null;
        if (index == null) {
            return 0;
        }
        JsonNode docs = index.path("primaries").path("docs");
        int shards = Math.max(1, index.path("shards").size());
        return (float) (docs.path("count").asLong(0) + docs.path("deleted").asLong(0)) / shards;
    }

    /** A lookup's answer; an error (no such index, …) is the client's answer, as the search would have been. */
    private static JsonNode checked(EsResponse answer) {
        if (answer.status() < 300) {
            return Json.read(answer.body());
        }
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        JsonNode error;
        try {
            error = Json.read(answer.body()).path("error");
        } catch (RuntimeException notJson) {
            error = Json.object();
        }
        throw new EsException(answer.status(), error.path("type").asText("exception"), error.path("reason").asText(text));
    }
}
