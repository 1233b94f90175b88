package jnc.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, as rules: packages form no cycle, and the bottom layers (errors and
 * diagnostics, native calls, the ends) import nothing above them. A relay between two ends reads
 * best when each layer can be understood without the ones built on it.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("jnc");
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("jnc.(**)").should().beFreeOfCycles().check(classes);
    }

    /**
     * The same rule over the source's import lines, which the class files do not show: an import
     * kept only for a Javadoc link, or for a constant the compiler copies in, is a tie a reader sees.
     */
    @Test
    void sourceImportsFormNoPackageCycle() throws java.io.IOException {
        java.util.Map<String, java.util.Set<String>> uses = new java.util.TreeMap<>();
        java.nio.file.Path root = java.nio.file.Path.of("src/main/java");
        java.util.regex.Pattern imp = java.util.regex.Pattern.compile("^import (?:static )?(jnc(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]", java.util.regex.Pattern.MULTILINE);
        try (var files = java.nio.file.Files.walk(root)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files.filter(x -> x.toString().endsWith(".java"))::iterator) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                java.util.regex.Matcher m = imp.matcher(java.nio.file.Files.readString(f));
                while (m.find()) if (!m.group(1).equals(pkg)) uses.computeIfAbsent(pkg, k -> new java.util.TreeSet<>()).add(m.group(1));
            }
        }
        for (String start : uses.keySet()) {
            // A walk from each package: reaching itself again is a cycle; the path says which.
            java.util.Deque<java.util.List<String>> todo = new java.util.ArrayDeque<>(java.util.List.of(java.util.List.of(start)));
            java.util.Set<String> seen = new java.util.HashSet<>();
            while (!todo.isEmpty()) {
                java.util.List<String> path = todo.poll();
                for (String next : uses.getOrDefault(path.getLast(), java.util.Set.of())) {
                    java.util.List<String> longer = new java.util.ArrayList<>(path);
                    longer.add(next);
                    org.assertj.core.api.Assertions.assertThat(next).as("an import cycle: " + String.join(" -> ", longer)).isNotEqualTo(start);
                    if (seen.add(next)) todo.add(longer);
                }
            }
        }
    }

    @Test
    void theBaseImportsNothingOfJnc() {
        noClasses().that().resideInAPackage("jnc.base..")
                .should().dependOnClassesThat().resideInAnyPackage("jnc", "jnc.cli..", "jnc.sys..", "jnc.io..", "jnc.net..",
                        "jnc.door..", "jnc.session..", "jnc.tls..", "jnc.serve..", "jnc.echo..", "jnc.broker..", "jnc.exec..")
                .check(classes);
    }

    @Test
    void theEndsKnowNoTransportServiceOrMode() {
        noClasses().that().resideInAnyPackage("jnc.io..", "jnc.sys..")
                .should().dependOnClassesThat().resideInAnyPackage("jnc", "jnc.net..", "jnc.door..", "jnc.session..",
                        "jnc.tls..", "jnc.serve..", "jnc.echo..", "jnc.broker..", "jnc.exec..", "jnc.term..")
                .check(classes);
    }

    /** Issue 9's "each component receives only its part": the session, the door and the ends get their records, not the whole command line. */
    @Test
    void theSessionTheDoorAndTheEndsReceiveTheirPartOfTheOptions() {
        noClasses().that().resideInAnyPackage("jnc.session..", "jnc.door..", "jnc.io..", "jnc.exec..")
                .should().dependOnClassesThat().haveFullyQualifiedName("jnc.cli.Options")
                .check(classes);
    }

    @Test
    void onlyMainAndTrainingSitAtTheTop() {
        noClasses().that().resideOutsideOfPackage("jnc")
                .should().dependOnClassesThat().resideInAPackage("jnc")
                .check(classes);
    }
}
