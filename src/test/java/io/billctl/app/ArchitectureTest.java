package io.billctl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.backend.Backend;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/ARCHITECTURE.md, read from the compiled classes (every class and descriptor a
 * class file names is in its constant pool): core depends on no vendor and on nothing above it;
 * a vendor package on core only; cli and sandbox on no vendor; only the registry names them all.
 */
class ArchitectureTest {
    private static final String ROOT = "io/billctl/";

    /** The vendor packages, as the registry has them: a new vendor is checked without touching this test. */
    private static final Set<String> VENDORS = vendorPackages();

    private static Set<String> vendorPackages() {
        Set<String> packages = new TreeSet<>();
        for (Backend backend : Registry.backends().all()) packages.add(backend.getClass().getPackageName().replace('.', '/') + "/");
        return packages;
    }

    @Test
    void coreDependsOnNothingAboveIt() throws Exception {
        Set<String> above = new TreeSet<>(VENDORS);
        above.addAll(List.of(ROOT + "app/", ROOT + "cli/", ROOT + "sandbox/"));
        assertEquals(List.of(), violations(ROOT + "core/", above));
    }

    @Test
    void cliAndSandboxNameNoVendor() throws Exception {
        assertEquals(List.of(), violations(ROOT + "cli/", VENDORS));
        Set<String> forSandbox = new TreeSet<>(VENDORS);
        forSandbox.addAll(List.of(ROOT + "app/", ROOT + "cli/"));
        assertEquals(List.of(), violations(ROOT + "sandbox/", forSandbox));
    }

    @Test
    void aVendorDependsOnCoreOnly() throws Exception {
        assertEquals(4, VENDORS.size(), "the four vendors of this build: " + VENDORS);
        for (String vendor : VENDORS) {
            Set<String> others = new TreeSet<>(VENDORS);
            others.remove(vendor);
            others.addAll(List.of(ROOT + "app/", ROOT + "cli/", ROOT + "sandbox/"));
            assertEquals(List.of(), violations(vendor, others));
        }
    }

    /** The emulators that judge with rule tables of their own (the vendor issues move each one here): no client catalog, no Validator. */
    private static final List<String> OWN_RULES = List.of("PortabillingEmulator", "PortabillingRules", "YetiEmulator", "YetiAccountRules",
            "JerasoftEmulator", "EnswitchEmulator");

    @Test
    void emulatorsWithTheirOwnRulesNameNoCatalog() throws Exception {
        Path sandbox = classesRoot().resolve(ROOT + "sandbox/");
        List<String> violations = new ArrayList<>();
        for (String emulator : OWN_RULES) {
            try (Stream<Path> files = Files.list(sandbox)) {
                List<Path> classes = files.filter(f -> f.getFileName().toString().matches(emulator + "(\\$.*)?\\.class")).toList();
                assertTrue(!classes.isEmpty(), "no class " + emulator);
                for (Path file : classes) {
                    List<String> names = new ArrayList<>();
                    references(file, names);
                    names.stream().filter(name -> name.contains(ROOT + "core/catalog/")).forEach(name -> violations.add(file.getFileName() + " -> " + name));
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theRuleCatchesAnImport() throws Exception {
        // The check itself: this test class names the registry and a vendor's backend through it.
        List<String> found = new ArrayList<>();
        references(classFile(ArchitectureTest.class), found);
        assertTrue(found.stream().anyMatch(name -> name.startsWith(ROOT + "app/Registry")), found.toString());
        assertTrue(found.stream().anyMatch(name -> name.startsWith(ROOT + "core/backend/Backend")), found.toString());
    }

    /** "from -> to" for every class under {@code from} that names a class under one of {@code forbidden}. */
    private static List<String> violations(String from, Set<String> forbidden) throws IOException, URISyntaxException {
        Path classes = classesRoot();
        List<String> violations = new ArrayList<>();
        Path dir = classes.resolve(from);
        assertTrue(Files.isDirectory(dir), "no classes under " + dir);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                List<String> names = new ArrayList<>();
                references(file, names);
                for (String name : names) {
                    for (String bad : forbidden) {
                        if (name.contains(bad)) violations.add(classes.relativize(file) + " -> " + name);
                    }
                }
            }
        }
        return violations;
    }

    private static Path classesRoot() throws URISyntaxException {
        return Path.of(Registry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Path classFile(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(type.getName().replace('.', '/') + ".class");
    }

    /** Every UTF-8 constant of a class file that names something under io/billctl: class names and descriptors. */
    private static void references(Path classFile, List<String> into) throws IOException {
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> {
                        String text = in.readUTF();
                        if (text.contains(ROOT)) into.add(text);
                    }
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // takes two slots
                    }
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("unknown constant tag " + tag + " in " + classFile);
                }
            }
        }
    }
}
