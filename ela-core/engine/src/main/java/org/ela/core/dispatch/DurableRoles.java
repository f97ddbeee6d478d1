package org.ela.core.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.ela.core.json.Json;

/**
 * The roles in {@code journal_dir/roles.json}, so that a restart resumes the master the last switch chose rather
 * than the configuration's. Written whole to a temporary file, fsynced, renamed over the old one and the directory
 * fsynced: after a crash the file holds the roles before or after a switch, never a mix.
 */
public final class DurableRoles implements RolesStore {
    static final String FILE = "roles.json";
    private final Path file;

    public DurableRoles(Path journalDir) {
        this.file = journalDir.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    /** The persisted roles; empty if none were ever persisted here. */
    public Optional<RolesState> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = Json.read(Files.readAllBytes(file));
            String master = json.path("master").asText(null);
            String slave = json.path("slave").asText(null);
            if (master == null || slave == null || !json.path("epoch").canConvertToLong()) {
                throw new IOException("master, slave or epoch missing");
            }
            return Optional.of(new RolesState(master, slave, json.path("epoch").asLong()));
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " cannot be read (" + e.getMessage() + "); start with --master-from-config"
                    + " to replace it with the configuration's master", e);
        }
    }

    @Override
    public void save(RolesState state) throws IOException {
        ObjectNode json = Json.object().put("master", state.master()).put("slave", state.slave()).put("epoch", state.epoch());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(Json.write(json));
            while (bytes.hasRemaining()) {
                c.write(bytes);
            }
            c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
