package org.ela.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** wrk, nginx and HAProxy from the distribution's packages: installed with apt-get when missing, saying so. */
final class NativeTools {
    /** Executable → Debian package. */
    private static final Map<String, String> PACKAGES = Map.of("wrk", "wrk", "nginx", "nginx", "haproxy", "haproxy");

    private NativeTools() {
    }

    static void ensureInstalled() throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        PACKAGES.forEach((exe, pkg) -> {
            if (path(exe) == null) {
                missing.add(pkg);
            }
        });
        if (missing.isEmpty()) {
            return;
        }
        System.out.println("Installing " + String.join(", ", missing) + " from the Debian packages (apt-get install -y)...");
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
        install.addAll(missing);
        if (run(List.of("apt-get", "update", "-q")) != 0 || run(install) != 0) {
            throw new IOException("could not install " + missing + " (needs root, or: apt-get install -y "
                    + String.join(" ", missing) + ")");
        }
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** The absolute executable (/usr/sbin is not on every user's PATH), or null when there is none. */
    static String path(String exe) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                return Path.of(dir, exe).toString();
            }
        }
        return null;
    }
}
