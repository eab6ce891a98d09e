package dev.balanceguard.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of every balance-guard package, read from the compiled main classes of all library modules (this
 * module's test classpath holds them all): no package cycle, the shared vocabulary at the bottom, the engine free of
 * Spring, providers and pricing.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(MAIN_CLASSES_ONLY).importPackages("dev.balanceguard");
        // every library module's main classes, whether the reactor hands them over as jars or as class folders
        assertThat(classes.stream().map(JavaClass::getPackageName).distinct())
                .contains(
                        "dev.balanceguard",
                        "dev.balanceguard.core",
                        "dev.balanceguard.store",
                        "dev.balanceguard.pricing",
                        "dev.balanceguard.provider.twilio",
                        "dev.balanceguard.interceptor",
                        "dev.balanceguard.redis",
                        "dev.balanceguard.jdbc",
                        "dev.balanceguard.spring.autoconfigure",
                        "dev.balanceguard.spring.boot4");
    }

    @Test
    void noPackageCycles() {
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(classes);
    }

    @Test
    void theVocabularyDependsOnNoOtherPackage() { // but the JSpecify annotations, as every package
        noClasses()
                .that()
                .resideInAPackage("dev.balanceguard.core")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("dev.balanceguard.core", "java..", "org.jspecify.annotations")
                .check(classes);
    }

    @Test
    void theEngineKnowsNoSpringNoProviderWireAndNoPricing() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.balanceguard",
                        "dev.balanceguard.core",
                        "dev.balanceguard.cost",
                        "dev.balanceguard.store",
                        "dev.balanceguard.provider",
                        "dev.balanceguard.provider.simulator")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "tools.jackson..",
                        "com.google.i18n..",
                        "dev.balanceguard.pricing..",
                        "dev.balanceguard.provider.http..",
                        "dev.balanceguard.provider.internal..",
                        "dev.balanceguard.annotation..",
                        "dev.balanceguard.interceptor..",
                        "dev.balanceguard.spring..")
                .check(classes);
    }

    @Test
    void theSharedSpringCodeUsesNoApiOfOneBootLine() { // guard-spring runs on Boot 3.5 and 4: docs/boot-lines.md
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.balanceguard.spring",
                        "dev.balanceguard.spring.autoconfigure..",
                        "dev.balanceguard.spring.actuate..",
                        "dev.balanceguard.spring.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework.boot.health..",
                        "org.springframework.boot.actuate.health..",
                        "org.springframework.boot.actuate.autoconfigure.health..",
                        "org.springframework.boot.data.redis.autoconfigure..",
                        "org.springframework.boot.jdbc.autoconfigure..",
                        "org.springframework.boot.autoconfigure.data..",
                        "org.springframework.boot.autoconfigure.jdbc..",
                        "dev.balanceguard.spring.boot3..",
                        "dev.balanceguard.spring.boot4..")
                .check(classes);
    }

    @Test
    // no jackson-annotations, which Boot 3.5 pins too old for databind
    void theProviderClientsAndWebhooksReadJsonWithoutDataBinding() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.balanceguard.provider..",
                        "dev.balanceguard.pricing..",
                        "dev.balanceguard.webhook..",
                        "dev.balanceguard.json..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("tools.jackson.databind..", "com.fasterxml.jackson..")
                .check(classes);
    }

    @Test
    void onlyProviderPackagesUseTheTransport() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.balanceguard.provider..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.balanceguard.provider.internal..")
                .check(classes);
    }

    private static final ImportOption MAIN_CLASSES_ONLY = location -> !location.contains("/test-classes/")
            && !location.contains("-tests.jar")
            && !location.contains("/examples/")
            && !location.contains("/benchmarks/");

    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return javaClass.getPackageName().startsWith("dev.balanceguard")
                    ? SliceIdentifier.of(javaClass.getPackageName())
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "each balance-guard package";
        }
    };
}
