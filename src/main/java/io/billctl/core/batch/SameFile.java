package io.billctl.core.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether two names lead to the same file: the same file when both exist (a link, another path, a
 * {@code /dev/fd/N} or {@code /dev/stdout} naming it), else the same path once what exists of it is
 * resolved (its directory's real path, a symbolic link to what is not there yet followed, as a shell's
 * {@code >} would follow it to make the file). A FIFO or a device is never opened to tell.
 */
final class SameFile {
    private SameFile() {}

    static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
        } catch (IOException | SecurityException unknown) {
            // compared by name below
        }
        return resolved(a).equals(resolved(b));
    }

    private static Path resolved(Path path) {
        Path at = path.toAbsolutePath().normalize();
        for (int hops = 0; hops < 40 && Files.isSymbolicLink(at); hops++) {
            try {
                at = at.resolveSibling(Files.readSymbolicLink(at)).normalize();
            } catch (IOException | SecurityException unreadable) {
                break;
            }
        }
        Path parent = at.getParent();
        if (parent == null || at.getFileName() == null) return at;
        try {
            return parent.toRealPath().resolve(at.getFileName());
        } catch (IOException | SecurityException missing) {
            return at;
        }
    }
}
