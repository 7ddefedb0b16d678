package io.billctl.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Directories and files that billctl makes under the config, cache and data directories: 0700 and
 * 0600 whatever the umask (a umask of 000 would otherwise leave them writable by everyone), set
 * explicitly after creation since the mode given to mkdir and open is masked by the umask. What
 * exists already is left as it is: the strict-mode checks judge it.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** {@code dir} and every missing parent, each made 0700; answers {@code dir}. */
    public static Path directories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path at = absolute; at != null && !Files.isDirectory(at); at = at.getParent()) missing.push(at);
        while (!missing.isEmpty()) {
            Path next = missing.pop();
            try {
                Files.createDirectory(next, attribute(DIRECTORY));
                setMode(next, DIRECTORY);
            } catch (FileAlreadyExistsException raced) {
                if (!Files.isDirectory(next)) throw raced; // a file in the way: say so
            }
        }
        return dir;
    }

    /** A new empty file of mode 0600 beside {@code file}, for {@link #replace}. */
    public static Path tempFileBeside(Path file, String prefix, String suffix) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), prefix, suffix, attribute(FILE));
        setMode(temp, FILE);
        return temp;
    }

    /** Writes {@code text} to a 0600 file beside {@code file} and renames it over {@code file}: readers see the old or the new, never half. */
    public static void write(Path file, String text) throws IOException {
        Path temp = tempFileBeside(file, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text);
            replace(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Renames {@code temp} over {@code file}, atomically where the file system can. */
    public static void replace(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A lock file (created 0600 if missing), open for writing so that it can be locked. */
    public static FileChannel lockFile(Path file) throws IOException {
        try {
            FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attribute(FILE));
            setMode(file, FILE);
            return channel;
        } catch (FileAlreadyExistsException exists) {
            return FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (UnsupportedOperationException notPosix) {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
    }

    private static FileAttribute<?>[] attribute(Set<PosixFilePermission> mode) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    private static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (POSIX) Files.setPosixFilePermissions(path, mode);
    }

    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
}
