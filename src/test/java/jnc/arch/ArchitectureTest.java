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
