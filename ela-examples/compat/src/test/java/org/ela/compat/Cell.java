package org.ela.compat;

import java.util.List;

/** One client against one master: the outcome of each step, in order. */
record Cell(String client, String master, List<Step> steps) {
    record Step(String name, boolean passed, String why) {
        /** Parses a scenario line "name TAB PASS|FAIL TAB why". */
        static Step parse(String line) {
            String[] parts = line.split("\t", 3);
            return new Step(parts[0], parts.length > 1 && parts[1].equals("PASS"), parts.length > 2 ? parts[2] : "");
        }
    }

    long passed() {
        return steps.stream().filter(Step::passed).count();
    }

    List<String> failed() {
        return steps.stream().filter(s -> !s.passed()).map(Step::name).toList();
    }
}
