package io.billctl.core.config;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * OpenSSH's StrictModes for what billctl trusts: a file it reads secrets or commands from (the
 * config), or a directory it keeps logins in, must belong to the caller (or root) and must not be
 * writable by group or others; nor may the directory that holds it, else anyone who can write
 * there can replace it. Anything else is exit 3, one line naming the path and the command that
 * fixes it, before a secret is read or a command is run.
 * <p>
 * A world-writable directory with the sticky bit (such as {@code /tmp}) is accepted for the
 * directory that holds a file: others cannot rename or remove what the caller owns there.
 */
public final class StrictModes {
    /** Who the caller is and who owns a path: the seam a test fakes, since a test cannot be another user. */
    public interface Owners {
        /** The caller's uid, or -1 when it cannot be told (no owner check then). */
        long caller();

        long ownerOf(Path path) throws IOException;
    }

    /** The real ones: the uid of /proc/self, and the file's own. */
    public static final Owners SYSTEM = new Owners() {
        @Override
        public long caller() {
            try {
                return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        @Override
        public long ownerOf(Path path) throws IOException {
            return ((Number) Files.getAttribute(path, "unix:uid")).longValue();
        }
    };

    private static volatile Owners owners = SYSTEM;

    private StrictModes() {}

    /** For tests: judge ownership with {@code fake} until the answer is closed. */
    public static AutoCloseable fakeOwners(Owners fake) {
        owners = fake;
        return () -> owners = SYSTEM;
    }

    static Owners owners() {
        return owners;
    }

    /**
     * {@code file} (when it exists), the directory that holds it and, when it is a symbolic link,
     * the file it points to and that file's directory.
     */
    public static void checkFile(Path file, String what) {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) checkHolder(dir, absolute, what);
        if (!Files.exists(absolute)) return;
        Path real;
        try {
            real = absolute.toRealPath();
        } catch (IOException e) {
            return; // gone meanwhile: nothing to read
        }
        check(real, false, what, file);
        if (!real.equals(absolute) && real.getParent() != null && !real.getParent().equals(dir)) checkHolder(real.getParent(), real, what);
    }

    /** A directory billctl keeps private data in (when it exists), and the directory that holds it (when that exists). */
    public static void checkDirectory(Path dir, String what) {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) check(absolute, true, what, absolute);
        if (absolute.getParent() != null && Files.isDirectory(absolute.getParent())) checkHolder(absolute.getParent(), absolute, what);
    }

    /**
     * Whether {@code file} is a regular file (not a link) of the caller's own that nobody else may
     * read or write: what a saved session must be to be used.
     */
    public static boolean isPrivate(Path file) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) return false;
            for (PosixFilePermission permission : attributes.permissions()) {
                if (permission.name().startsWith("GROUP") || permission.name().startsWith("OTHERS")) return false;
            }
            long caller = owners.caller();
            return caller < 0 || owners.ownerOf(file) == caller;
        } catch (UnsupportedOperationException notPosix) {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void checkHolder(Path dir, Path held, String what) {
        PosixFileAttributes attributes = attributes(dir);
        if (attributes == null) return;
        Set<PosixFilePermission> mode = attributes.permissions();
        boolean othersWrite = mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE);
        if (othersWrite && sticky(dir) && rootOrCaller(owner(dir))) othersWrite = false;
        if (othersWrite) {
            throw refused("the directory " + dir + " of " + what + " " + held + " is writable by other users (mode "
                    + PosixFilePermissions.toString(mode) + "): they could replace it", "chmod go-w " + quote(dir));
        }
        ownerCheck(dir, "the directory " + dir + " of " + what + " " + held);
    }

    private static void check(Path path, boolean directory, String what, Path named) {
        PosixFileAttributes attributes = attributes(path);
        if (attributes == null) return;
        String subject = what + " " + named + (path.equals(named.toAbsolutePath()) ? "" : " (" + path + ")");
        Set<PosixFilePermission> mode = attributes.permissions();
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw refused(subject + " is writable by other users (mode " + PosixFilePermissions.toString(mode) + ")",
                    "chmod " + (directory ? "700 " : "600 ") + quote(path));
        }
        ownerCheck(path, subject);
    }

    private static void ownerCheck(Path path, String subject) {
        long caller = owners.caller();
        if (caller < 0) return;
        long owner = owner(path);
        if (owner < 0 || owner == caller || owner == 0) return;
        String me = System.getProperty("user.name", Long.toString(caller));
        throw refused(subject + " belongs to uid " + owner + ", not to you (" + me + ", uid " + caller + ")",
                "chown " + me + " " + quote(path) + " (as root), or make your own copy");
    }

    private static boolean rootOrCaller(long owner) {
        return owner == 0 || owner >= 0 && owner == owners.caller();
    }

    private static long owner(Path path) {
        try {
            return owners.ownerOf(path);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean sticky(Path dir) {
        try {
            return (((Number) Files.getAttribute(dir, "unix:mode")).intValue() & 01000) != 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static PosixFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return null; // not a POSIX file system: nothing to check
        }
    }

    private static BillctlException refused(String problem, String fix) {
        return new BillctlException(ExitCode.AUTH, problem + "; billctl reads no secret and runs no command from it until you run: " + fix);
    }

    /** A path as a shell would need it typed. */
    static String quote(Path path) {
        String text = path.toString();
        if (text.matches("[A-Za-z0-9_@%+=:,./-]+")) return text;
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
