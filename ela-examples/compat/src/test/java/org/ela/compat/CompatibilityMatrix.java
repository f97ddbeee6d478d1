package org.ela.compat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ela.core.config.ConfigLoader;
import org.ela.core.config.ElaConfig;
import org.ela.core.dispatch.DispatcherFactory;
import org.ela.core.local.EsVersions;
import org.ela.core.local.LocalCluster;
import org.ela.server.GatewayServer;
import org.ela.server.TestGateways;

/**
 * Runs each era's official client through a gateway in front of every backend version as master and renders the
 * result as a Markdown table (client × master: steps passing / total). The gateway speaks the client's version
 * because its source cluster is of that version; the slave is the source, or, when the master is the source
 * itself, 8.19 (5.6 for the 8.x client). Every cell also checks what ended up in both clusters: the documents, the
 * alias, the settings and the template the scenario left.
 */
final class CompatibilityMatrix {
    /** Backend clusters: name in gateway configurations → version started by {@link LocalCluster}. */
    static final Map<String, String> BACKENDS = EsVersions.BY_NAME;

    /** Client scenarios by a short name. */
    static final Map<String, ClientScenario> CLIENTS = new LinkedHashMap<>();

    static {
        CLIENTS.put("es5", new ClientScenario("5.6 low-level REST client", "es5", "client-es5",
                "org.ela.clients.es5.Es5Scenario", Map.of()));
        CLIENTS.put("es6", new ClientScenario("6.8 High Level REST Client", "es6", "client-es6",
                "org.ela.clients.es6.Es6Scenario", Map.of()));
        CLIENTS.put("es7", new ClientScenario("7.17 High Level REST Client", "es7", "client-es7",
                "org.ela.clients.es7.Es7Scenario", Map.of()));
        CLIENTS.put("es7-compat", new ClientScenario("7.17 HLRC, compatibility mode (`compatible-with=7`)", "es7",
                "client-es7", "org.ela.clients.es7.Es7Scenario", Map.of("compat", "true")));
        CLIENTS.put("es8", new ClientScenario("8.19 Java API client (`compatible-with=8`)", "es8", "client-es8",
                "org.ela.clients.es8.Es8Scenario", Map.of()));
    }

    /** The documents every scenario leaves behind, as both clusters must hold them. */
    private static final String END_STATE = "{\"1\":{\"user\":\"kimchy\",\"msg\":\"hello again\",\"n\":12345678901234},"
            + "\"2\":{\"user\":\"bob\",\"n\":2,\"msg\":\"from bulk\"}}";

    private CompatibilityMatrix() {
    }

    /** One client through a gateway whose master is the named backend. */
    static Cell run(String client, String master) throws IOException, InterruptedException {
        return run(client, master, "http", List.of());
    }

    /**
     * @param scheme       how the client reaches the gateway: https when {@code gatewayLines} set {@code gateway.tls}
     * @param gatewayLines extra lines of the gateway section, indented by two spaces
     */
    static Cell run(String client, String master, String scheme, List<String> gatewayLines)
            throws IOException, InterruptedException {
        String source = CLIENTS.get(client).source();
        String target = !master.equals(source) ? master : source.equals("es8") ? "es5" : "es8";
        String slave = master.equals(source) ? target : source;
        String index = ("compat-" + client + "-" + master).toLowerCase();
        ElaConfig config = ConfigLoader.parse(yaml(source, target, master) + String.join("\n", gatewayLines) + "\n");
        List<Cell.Step> steps = new ArrayList<>();
        try (GatewayServer gateway = new GatewayServer(config.gateway(), DispatcherFactory.open(config)).start()) {
            CLIENTS.get(client).run(scheme + "://127.0.0.1:" + gateway.port(), TestGateways.USER, TestGateways.PASSWORD, index)
                    .forEach(line -> steps.add(Cell.Step.parse(line)));
            boolean drained = gateway.dispatcher().awaitReplication(Duration.ofSeconds(60));
            steps.add(holds("master_state", master, index));
            steps.add(drained ? holds("slave_state", slave, index)
                    : new Cell.Step("slave_state", false, "replication did not drain in 60 s"));
        } finally {
            for (String cluster : List.of(source, target)) {
                ClusterState.delete(address(cluster), "/" + index);
                ClusterState.delete(address(cluster), "/_template/" + index + "-tpl");
            }
        }
        return new Cell(client, master, steps);
    }

    private static Cell.Step holds(String step, String cluster, String index) throws IOException, InterruptedException {
        JsonNode expected = ClusterState.parse(END_STATE);
        JsonNode actual = ClusterState.documents(address(cluster), index);
        if (!expected.equals(actual)) {
            return new Cell.Step(step, false, cluster + " holds " + actual + ", expected " + expected);
        }
        String missing = ClusterState.missingAdministration(address(cluster), index);
        return missing == null ? new Cell.Step(step, true, "") : new Cell.Step(step, false, cluster + ": " + missing);
    }

    private static String address(String cluster) {
        return LocalCluster.shared(BACKENDS.get(cluster)).httpAddress();
    }

    private static String yaml(String source, String target, String master) throws IOException {
        Path journal = Files.createTempDirectory(Files.createDirectories(Path.of("target", "journals")), "compat-");
        return TestGateways.yaml(master, source, address(source), target, address(target),
                journal.toAbsolutePath().toString());
    }

    /** The table, then the failing steps of each cell that has any. */
    static String markdown(List<Cell> cells) {
        StringBuilder md = new StringBuilder("| client ↓ · master → |");
        BACKENDS.values().forEach(v -> md.append(' ').append(v.startsWith("opensearch-")
                ? "OpenSearch " + v.substring("opensearch-".length()) : "ES " + v).append(" |"));
        md.append("\n|---|").append("---|".repeat(BACKENDS.size())).append('\n');
        for (Map.Entry<String, ClientScenario> client : CLIENTS.entrySet()) {
            md.append("| ").append(client.getValue().label()).append(" |");
            for (String master : BACKENDS.keySet()) {
                Cell cell = find(cells, client.getKey(), master);
                md.append(' ').append(cell.passed()).append('/').append(cell.steps().size()).append(" |");
            }
            md.append('\n');
        }
        List<String> failing = new ArrayList<>();
        for (Cell cell : cells) {
            if (!cell.failed().isEmpty()) {
                failing.add("- " + CLIENTS.get(cell.client()).label() + " × " + BACKENDS.get(cell.master()) + ": "
                        + String.join(", ", cell.failed()));
            }
        }
        md.append('\n').append(failing.isEmpty() ? "Every step passes in every cell.\n"
                : "Failing steps:\n" + String.join("\n", failing) + "\n");
        return md.toString();
    }

    private static Cell find(List<Cell> cells, String client, String master) {
        return cells.stream().filter(c -> c.client().equals(client) && c.master().equals(master)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + client + " × " + master));
    }
}
