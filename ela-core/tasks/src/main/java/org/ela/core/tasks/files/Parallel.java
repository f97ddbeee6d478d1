package org.ela.core.tasks.files;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Runs one job per index, {@code parallelism} at a time, and returns their results in the jobs' order. */
final class Parallel {
    private Parallel() {
    }

    static <J, R> List<R> run(List<J> jobs, int parallelism, String name, Function<J, R> work) throws InterruptedException {
        List<R> results = new ArrayList<>();
        if (parallelism <= 1 || jobs.size() <= 1) {
            for (J job : jobs) {
                results.add(work.apply(job));
            }
            return results;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, jobs.size()), r -> {
            Thread t = new Thread(r, "ela-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> running = new ArrayList<>();
            for (J job : jobs) {
                running.add(pool.submit(() -> work.apply(job)));
            }
            for (Future<R> f : running) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(cause);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
