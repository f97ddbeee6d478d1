package org.ela.dialects.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.ela.core.dialect.EsException;
import org.ela.core.json.Json;

/**
 * Query syntax removed in 6.0 ({@code _uid}, {@code match} with a {@code type}), and aggregation syntax that
 * changed after 5.x: {@code date_histogram.interval} became
 * {@code calendar_interval}/{@code fixed_interval} (7.2, old form removed in 8.0) and the {@code _term} /
 * {@code _time} order keys became {@code _key} (6.0, removed in 8.0). Public for the 6.x dialect, which shares
 * the legacy interval form.
 */
public final class Es5SearchBodies {
    private static final Set<String> CALENDAR_WORDS = Set.of("minute", "hour", "day", "week", "month", "quarter", "year");
    private static final Set<String> CALENDAR_UNITS = Set.of("m", "h", "d", "w", "M", "q", "y");
    private static final Set<String> FIXED_UNITS = Set.of("ms", "s", "m", "h", "d");

    /** Every name {@link #upgrade} looks for: a body that has none of them is modern already. */
    private static final Json.Names OLD_SYNTAX = new Json.Names("fields", "_uid", "type", "fuzzy", "indices", "interval",
            "_time", "_term");

    private Es5SearchBodies() {
    }

    /** False when {@link #upgrade} would change nothing (decided without parsing the body). */
    static boolean mayNeedUpgrade(byte[] body) {
        return Json.mentionsAny(body, OLD_SYNTAX);
    }

    /** 5.x → modern, in place. */
    static void upgrade(JsonNode body) {
        if (body.has("fields")) {
            throw new EsException(400, "parsing_exception", "The field [fields] is no longer supported, please use"
                    + " [stored_fields] to retrieve stored fields or _source filtering if the field is not stored");
        }
        upgradeUid(body);
        OldQueries.upgrade(body);
        upgradeMatchType(body);
        eachAggregation(body, agg -> {
            if (agg.get("date_histogram") instanceof ObjectNode dh) {
                upgradeInterval(dh);
                renameOrderKey(dh, "_time", "_key");
            }
            if (agg.get("histogram") instanceof ObjectNode h) {
                renameOrderKey(h, "_time", "_key");
            }
            if (agg.get("terms") instanceof ObjectNode terms) {
                renameOrderKey(terms, "_term", "_key");
            }
        });
    }

    /**
     * {@code _uid} ({@code type#id}, removed in 7.0) as {@code _id}: sorts on it sort on the id, term(s) queries on it
     * become an {@code ids} query on the id part.
     */
    private static void upgradeUid(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (String query : new String[] {"term", "terms"}) {
                JsonNode uid = o.path(query).get("_uid");
                if (uid != null && o.size() == 1) {
                    List<JsonNode> values = new ArrayList<>();
                    (uid.isArray() ? uid : uid.path("value").isMissingNode() ? List.of(uid) : List.of(uid.get("value")))
                            .forEach(values::add);
                    o.remove(query);
                    ArrayNode ids = o.putObject("ids").putArray("values");
                    values.forEach(v -> ids.add(v.asText().substring(v.asText().indexOf('#') + 1)));
                    return;
                }
            }
            JsonNode sort = o.get("sort");
            if (sort != null) {
                o.set("sort", uidSortAsId(sort));
            }
            o.forEach(Es5SearchBodies::upgradeUid);
        } else if (node instanceof ArrayNode array) {
            array.forEach(Es5SearchBodies::upgradeUid);
        }
    }

    /**
     * {@code match} with {@code type} (removed in 6.0): {@code phrase} and {@code phrase_prefix} became queries of
     * their own, {@code boolean} is what {@code match} does anyway.
     */
    private static void upgradeMatchType(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.get("match") instanceof ObjectNode match && match.size() == 1
                    && match.elements().next() instanceof ObjectNode field && field.get("type") instanceof TextNode type) {
                field.remove("type");
                if (!type.asText().equals("boolean")) {
                    o.set("match_" + type.asText(), o.remove("match"));
                }
                return;
            }
            o.forEach(Es5SearchBodies::upgradeMatchType);
        } else if (node instanceof ArrayNode array) {
            array.forEach(Es5SearchBodies::upgradeMatchType);
        }
    }

    private static JsonNode uidSortAsId(JsonNode sort) {
        if (sort.isTextual() && sort.asText().equals("_uid")) {
            return TextNode.valueOf("_id");
        }
        if (sort instanceof ObjectNode o && o.has("_uid")) {
            o.set("_id", o.remove("_uid"));
        } else if (sort instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, uidSortAsId(a.get(i)));
            }
        }
        return sort;
    }

    /** Modern → 5.x, in place. */
    public static void downgrade(JsonNode body) {
        if (body instanceof ObjectNode o) {
            o.remove("track_total_hits"); // 5.x counts every hit and knows no such key
        }
        downgradeIntervals(body);
        eachAggregation(body, agg -> {
            if (agg.get("terms") instanceof ObjectNode terms) {
                renameOrderKey(terms, "_key", "_term");
            }
        });
    }

    /**
     * {@code calendar_interval}/{@code fixed_interval} → {@code interval}, in place: the only form before 7.2
     * (6.x too, which refuses the new names as unknown fields).
     */
    public static void downgradeIntervals(JsonNode body) {
        eachAggregation(body, agg -> {
            if (agg.get("date_histogram") instanceof ObjectNode dh) {
                for (String key : new String[] {"calendar_interval", "fixed_interval"}) {
                    JsonNode v = dh.remove(key);
                    if (v != null) {
                        dh.set("interval", v);
                    }
                }
            }
        });
    }

    private static void upgradeInterval(ObjectNode dateHistogram) {
        JsonNode interval = dateHistogram.remove("interval");
        if (interval == null) {
            return;
        }
        if (interval.isNumber()) {
            dateHistogram.put("fixed_interval", interval.asLong() + "ms");
            return;
        }
        String v = interval.asText().trim();
        if (CALENDAR_WORDS.contains(v)) {
            dateHistogram.put("calendar_interval", v);
            return;
        }
        int unitStart = 0;
        while (unitStart < v.length() && Character.isDigit(v.charAt(unitStart))) {
            unitStart++;
        }
        String amount = v.substring(0, unitStart);
        String unit = v.substring(unitStart);
        if (amount.isEmpty()) {
            throw EsException.badRequest("[gateway] date_histogram interval [" + v + "] is not understood");
        }
        if (amount.equals("1") && CALENDAR_UNITS.contains(unit)) {
            dateHistogram.put("calendar_interval", v);
        } else if (FIXED_UNITS.contains(unit)) {
            dateHistogram.put("fixed_interval", v);
        } else {
            throw EsException.badRequest("[gateway] date_histogram interval [" + v + "] has no equivalent on"
                    + " Elasticsearch 7.2+: multiples of calendar units (w, M, q, y) cannot be expressed");
        }
    }

    private static void renameOrderKey(ObjectNode agg, String from, String to) {
        JsonNode order = agg.get("order");
        if (order == null) {
            return;
        }
        Consumer<JsonNode> rename = o -> {
            if (o instanceof ObjectNode obj && obj.has(from)) {
                obj.set(to, obj.remove(from));
            }
        };
        if (order.isArray()) {
            order.forEach(rename);
        } else {
            rename.accept(order);
        }
    }

    /** Calls the action on every aggregation definition, at any depth. */
    private static void eachAggregation(JsonNode node, Consumer<ObjectNode> action) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (String key : new String[] {"aggs", "aggregations"}) {
            JsonNode aggs = node.get(key);
            if (aggs != null && aggs.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = aggs.fields(); it.hasNext(); ) {
                    JsonNode agg = it.next().getValue();
                    if (agg instanceof ObjectNode a) {
                        action.accept(a);
                        eachAggregation(a, action);
                    }
                }
            }
        }
    }
}
