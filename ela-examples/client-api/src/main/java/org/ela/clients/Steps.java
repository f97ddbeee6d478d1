package org.ela.clients;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The named steps of one client scenario, each passing or failing with what the client saw. A scenario is a class
 * implementing {@code java.util.function.Function<Map<String, String>, List<String>>}: it gets the gateway's
 * {@code url}, {@code user}, {@code password} and the {@code index} to use, and returns {@link #lines()}. Only JDK
 * types cross that boundary, because every official client runs in a class loader of its own (the 6.x and 7.x
 * clients share package names).
 */
public final class Steps {
    /** One client call and its checks. */
    public interface Step {
        void run() throws Exception;
    }

    private final List<String> lines = new ArrayList<>();

    /** Runs a step; a failed check or an exception fails it and the scenario goes on with the next one. */
    public void run(String name, Step step) {
        try {
            step.run();
            lines.add(name + "\tPASS\t");
        } catch (Throwable e) {
            lines.add(name + "\tFAIL\t" + describe(e));
        }
    }

    /** "name TAB PASS|FAIL TAB why", one per step, in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    public static void equal(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(what + ": expected <" + expected + "> but was <" + actual + ">");
        }
    }

    private static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return text.replace('\t', ' ').replace('\n', ' ');
    }
}
