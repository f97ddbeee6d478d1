package org.ela.core.local;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account Elasticsearch runs as. Elasticsearch refuses to start as root, and CI runs as root, so a root JVM
 * runs nodes as the unprivileged system user {@value #NAME}; anyone else runs them as themselves.
 */
final class RunAsUser {
    static final String NAME = "ela-es";

    /** Used when the requested work dir sits below a directory {@value #NAME} cannot enter, such as /root. */
    private static final Path FALLBACK_WORK_DIR = Path.of("/tmp/ela-es-clusters");

    private static final Logger log = LoggerFactory.getLogger(RunAsUser.class);

    private final boolean switchUser;

    private RunAsUser(boolean switchUser) {
        this.switchUser = switchUser;
    }

    static RunAsUser forThisJvm() throws IOException {
        if (new UnixSystem().getUid() != 0) {
            return new RunAsUser(false);
        }
        ensureUserExists();
        return new RunAsUser(true);
    }

    /** The command, run as the node's user. setpriv execs in place, unlike runuser, which forks and waits. */
    List<String> wrap(List<String> command) {
        if (!switchUser) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(
                List.of("setpriv", "--reuid=" + NAME, "--regid=" + NAME, "--init-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** {@code workDir}, or a fallback under /tmp if the node's user could not reach files below it. */
    Path reachableWorkDir(Path workDir) throws IOException {
        if (canReach(Files.createDirectories(workDir))) {
            return workDir;
        }
        log.info("{} cannot reach {} (a parent directory is closed to it); using {} instead", NAME, workDir,
                FALLBACK_WORK_DIR);
        if (!canReach(Files.createDirectories(FALLBACK_WORK_DIR))) {
            throw new IOException(NAME + " can reach neither " + workDir + " nor " + FALLBACK_WORK_DIR
                    + "; give it search (x) permission on their parent directories");
        }
        return FALLBACK_WORK_DIR;
    }

    /** Searching a directory needs search permission on every parent too, as Elasticsearch will. */
    private boolean canReach(Path dir) throws IOException {
        return !switchUser || run(wrap(List.of("test", "-x", dir.toString()))).exitCode == 0;
    }

    /** Gives the node's user every file below {@code root}, so the node can write its data, logs and keystore. */
    void own(Path root) throws IOException {
        if (!switchUser) {
            return;
        }
        UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(NAME);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(NAME);
        for (Path file : FileTrees.list(root)) {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            view.setOwner(user);
            view.setGroup(group);
        }
    }

    private static void ensureUserExists() throws IOException {
        if (run(List.of("id", "-u", NAME)).exitCode == 0) {
            return;
        }
        log.info("creating system user {} to run Elasticsearch, which refuses to run as root", NAME);
        Result added = run(List.of("useradd", "--system", "--user-group", "--no-create-home",
                "--shell", "/usr/sbin/nologin", NAME));
        // Another JVM may have created it meanwhile, so only a still-missing user is an error.
        if (added.exitCode != 0 && run(List.of("id", "-u", NAME)).exitCode != 0) {
            throw new IOException("cannot create user " + NAME + " to run Elasticsearch (it refuses to run as root): "
                    + added.output);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            return new Result(process.waitFor(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        }
    }
}
