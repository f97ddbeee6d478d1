package org.ela.dialects.os2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.ela.core.dialect.ClusterInfo;
import org.ela.core.dialect.EsVersion;
import org.ela.core.dialect.TypeNames;
import org.ela.core.http.EsRequest;
import org.ela.core.json.JsonRewriter;
import org.ela.core.op.OpKind;
import org.ela.core.op.Operation;
import org.ela.dialects.common.IndexSettings;
import org.ela.dialects.common.Route;
import org.ela.dialects.typeless.Es7Answers;
import org.ela.dialects.typeless.TypelessDialect;

/**
 * OpenSearch 2.x, forked from Elasticsearch 7.10: requests as every typeless version takes them (typeless paths,
 * typeless mappings, {@code calendar_interval}/{@code fixed_interval}, {@code hits.total} as an object). Its answers
 * carry no {@code _type} at all (already the neutral shape) and no {@code X-Elastic-Product} header; its clients are
 * answered as 7.x's are ({@link Es7Answers}). {@code GET /} names the distribution.
 */
public class OpenSearch2Dialect extends TypelessDialect {
    public OpenSearch2Dialect() {
        super(EsVersion.OPENSEARCH, 2);
    }

    /** Index settings of OpenSearch's own (replication mode, remote-backed storage) that Elasticsearch refuses. */
    private static final List<String> OPENSEARCH_ONLY_SETTINGS = List.of("replication.type", "remote_store");

    /**
     * A definition read from OpenSearch in neutral form (as batch copies read it): without the settings only
     * OpenSearch knows, which every 2.x index carries ({@code index.replication.type}).
     */
    @Override
    protected byte[] requestBodyToNeutral(Route route, EsRequest request) {
        if (route.kind() == OpKind.CREATE_INDEX && request.hasBody()) {
            return rewrite(request.body(), body -> {
                if (body.get("settings") instanceof ObjectNode settings) {
                    OPENSEARCH_ONLY_SETTINGS.forEach(name -> IndexSettings.removeTree(settings, name));
                }
            });
        }
        return super.requestBodyToNeutral(route, request);
    }

    /** Answers are neutral as they are, but for what health answers say of OpenSearch's own discovery. */
    @Override
    protected JsonRewriter answerBodyToNeutral(Operation op) {
        JsonRewriter rules = new JsonRewriter();
        if (op.kind() == OpKind.CLUSTER_HEALTH) {
            rules.on("discovered_master", Es7Answers.DROP).on("discovered_cluster_manager", Es7Answers.DROP);
        }
        return rules;
    }

    /** OpenSearch forked from 7.10 and answers as 7.x does: the rules live once in Es7Answers, shared with Es7Dialect. */
    @Override
    protected JsonRewriter answerBodyFromNeutral(Operation op, TypeNames types) {
        return Es7Answers.answerBodyFromNeutral(op, super.answerBodyFromNeutral(op, types));
    }

    // Capability hooks: one small override per thing this version does differently; the same shape repeats across
    // versions by design (the defaults are BaseDialect's).

    @Override
    protected boolean keepsShardCopyPreferences() {
        return true;
    }

    @Override
    protected String buildFlavor() {
        return null;
    }

    @Override
    protected void describeVersion(ObjectNode version, ClusterInfo cluster) {
        JsonNode number = version.remove("number");
        version.put("distribution", EsVersion.OPENSEARCH); // before the number, as OpenSearch writes it
        version.set("number", number);
        super.describeVersion(version, cluster);
    }

    @Override
    protected String[] compatibility() {
        return new String[] {"7.10.0", "7.0.0"};
    }

    @Override
    protected String tagline() {
        return "The OpenSearch Project: https://opensearch.org/";
    }
}
