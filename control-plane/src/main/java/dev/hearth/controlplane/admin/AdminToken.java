package dev.hearth.controlplane.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The secret every mutating admin call must carry as {@code Authorization: Bearer <token>}. Made
 * fresh by each {@code hearth up}, kept in the data directory readable by its owner only. Its
 * {@link #toString()} never shows it, so it cannot reach a log by accident.
 */
public final class AdminToken {
    public static final String FILE_NAME = "admin-token";
    public static final String ENV = "HEARTH_ADMIN_TOKEN";
    static final String PREFIX = "hearth-admin-";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final String value;

    private AdminToken(String value) {
        this.value = value;
    }

    public static AdminToken generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new AdminToken(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** @throws IllegalArgumentException when the text is not an admin token */
    public static AdminToken of(String text) {
        String t = text == null ? "" : text.strip();
        if (!t.startsWith(PREFIX) || t.length() < PREFIX.length() + 16) {
            throw new IllegalArgumentException("that is not a Hearth admin token (they start with '" + PREFIX
                    + "'); ./hearth up prints it and writes it to <data-dir>/" + FILE_NAME);
        }
        return new AdminToken(t);
    }

    /** The token in {@code directory}/admin-token, if there is one. */
    public static Optional<AdminToken> read(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(of(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin token in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the token to {@code directory}/admin-token with owner-only permissions, replacing any older one. */
    public Path store(Path directory) {
        try {
            Files.createDirectories(directory);
            Path tmp = directory.resolve(FILE_NAME + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                // created with owner-only permissions, so the secret is never readable by others, not even briefly
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
            Path file = directory.resolve(FILE_NAME);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the admin token in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Compares in constant time, so the answer's timing does not leak how much of a guess was right. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** The secret itself: for the one line {@code hearth up} prints and for the header a client sends. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "AdminToken[hidden]";
    }
}
