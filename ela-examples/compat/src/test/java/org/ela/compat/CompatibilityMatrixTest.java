package org.ela.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The official client of each era (5.6 low-level, 6.8 and 7.17 High Level REST Clients, 8.x Java API client) drives
 * a gateway in front of each backend as master; each cell reports its steps and the README must show the matrix
 * this run produced. With {@code -Dela.matrix.write=true} ({@code ./ela matrix}) the README is rewritten instead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompatibilityMatrixTest {
    private static final List<Cell> CELLS = new ArrayList<>();

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyClientAgainstEveryMaster() {
        return CompatibilityMatrix.CLIENTS.keySet().stream().flatMap(client -> CompatibilityMatrix.BACKENDS.keySet()
                .stream().map(master -> DynamicTest.dynamicTest(client + " client, " + master + " master", () -> {
                    Cell cell = CompatibilityMatrix.run(client, master);
                    CELLS.add(cell);
                    cell.steps().stream().filter(s -> !s.passed()).forEach(s -> System.out.println(
                            "[compat] " + client + " client × " + master + " master: " + s.name() + " failed: " + s.why()));
                })));
    }

    @Test
    @Order(2)
    void readmeShowsTheMatrixOfThisRun() throws Exception {
        assertThat(CELLS).as("cells run").hasSize(CompatibilityMatrix.CLIENTS.size() * CompatibilityMatrix.BACKENDS.size());
        String matrix = CompatibilityMatrix.markdown(CELLS);
        Files.writeString(Files.createDirectories(Path.of("target")).resolve("compat-matrix.md"), matrix);
        System.out.println(matrix);
        ReadmeMatrix readme = new ReadmeMatrix(Path.of(System.getProperty("ela.readme", "../../README.md")));
        if (Boolean.getBoolean("ela.matrix.write")) {
            readme.write(matrix);
        }
        assertThat(readme.committed()).as("README's compatibility matrix (regenerate it with ./ela matrix)")
                .isEqualTo(matrix);
    }
}
