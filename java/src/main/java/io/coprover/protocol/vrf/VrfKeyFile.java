package io.coprover.protocol.vrf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Reads and writes {@link VrfKeyPair} files (the text format of {@link VrfKeyPair#encode()}).
 * The only I/O in the protocol package; consensus code never calls it.
 */
public final class VrfKeyFile {
    private VrfKeyFile() {}

    /** Loads a key file; errors name the file. */
    public static VrfKeyPair load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return VrfKeyPair.decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a new key file, readable by its owner only where the file system supports POSIX
     * permissions. Refuses to overwrite an existing file (a lost secret key cannot be recovered).
     */
    public static void save(VrfKeyPair key, Path file) throws IOException {
        if (Files.exists(file))
            throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite a key file");
        try {
            // created owner-only from the start: no window in which others could read it
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // non-POSIX file system: the platform's default permissions
        }
        Files.writeString(file, key.encode(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
