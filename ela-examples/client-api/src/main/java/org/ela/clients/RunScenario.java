package org.ela.clients;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one scenario by hand: {@code java -cp <client jars> org.ela.clients.RunScenario <class> <gateway url> <index>
 * [user password]}; prints its lines.
 */
public final class RunScenario {
    private RunScenario() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Function<Map<String, String>, List<String>> scenario = (Function<Map<String, String>, List<String>>)
                Class.forName(args[0]).getDeclaredConstructor().newInstance();
        Map<String, String> input = Map.of("url", args[1], "index", args[2],
                "user", args.length > 3 ? args[3] : "", "password", args.length > 4 ? args[4] : "");
        scenario.apply(input).forEach(System.out::println);
    }
}
