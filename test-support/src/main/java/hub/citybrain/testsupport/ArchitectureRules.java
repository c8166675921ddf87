package hub.citybrain.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The house rules, checked rather than hoped for: services never use each other's code, the event contracts carry
 * no Spring, a service's feature packages form no cycle, and controllers reach storage and Kafka only through the
 * feature code behind them. Each module's {@code ArchitectureTest} runs the rules that concern it.
 */
public final class ArchitectureRules {

    /** Every deployable service's root package; a service may depend on none of the others. */
    public static final List<String> SERVICES = List.of("hub.citybrain.gateway", "hub.citybrain.registry",
            "hub.citybrain.sharing", "hub.citybrain.console");

    private static final String[] STORAGE_AND_MESSAGING = {
            "org.springframework.data.mongodb.core.ReactiveMongoTemplate",
            "org.springframework.data.mongodb.core.ReactiveMongoOperations",
            "org.springframework.data.mongodb.core.MongoTemplate",
            "com.mongodb.reactivestreams.client.MongoClient",
            "com.mongodb.reactivestreams.client.MongoCollection",
            "org.springframework.kafka.core.KafkaTemplate",
            "org.apache.kafka.clients.producer.Producer",
            "org.apache.kafka.clients.consumer.Consumer" };

    private ArchitectureRules() {
    }

    /** The production classes under {@code rootPackage}, tests left out. */
    public static JavaClasses productionClasses(String rootPackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /**
     * The shared layer stays below the services: {@code hub.citybrain.support} (problem+json, request log, health,
     * OpenAPI basics) knows nothing of identity, and neither shared library knows any service.
     */
    public static void checkSharedLibraries() {
        JavaClasses classes = productionClasses("hub.citybrain");
        String[] services = SERVICES.stream().map(s -> s + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage("hub.citybrain.support..", "hub.citybrain.identity..")
                .should().dependOnClassesThat().resideInAnyPackage(services)
                .because("the shared libraries sit below every service")
                .check(classes);
        noClasses().that().resideInAPackage("hub.citybrain.support..")
                .should().dependOnClassesThat().resideInAPackage("hub.citybrain.identity..")
                .because("service support is web and operations plumbing; identity builds on it, not the reverse")
                .check(classes);
    }

    /** All the rules for one service, named by its root package (one of {@link #SERVICES}). */
    public static void checkService(String rootPackage) {
        JavaClasses classes = productionClasses(rootPackage);
        String[] others = SERVICES.stream().filter(s -> !s.equals(rootPackage)).map(s -> s + "..")
                .toArray(String[]::new);
        noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services share only the identity and service-support libraries and the event contracts")
                .check(classes);
        slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles()
                .because("feature packages depend on each other in one direction only")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                .should().dependOnClassesThat().haveFullyQualifiedName(STORAGE_AND_MESSAGING[0])
                .orShould().dependOnClassesThat().haveFullyQualifiedName(STORAGE_AND_MESSAGING[1])
                .orShould().dependOnClassesThat().haveFullyQualifiedName(STORAGE_AND_MESSAGING[2])
                .orShould().dependOnClassesThat().haveFullyQualifiedName(STORAGE_AND_MESSAGING[3])
                .orShould().dependOnClassesThat().haveFullyQualifiedName(STORAGE_AND_MESSAGING[4])
                .orShould().dependOnClassesThat().haveFullyQualifiedName(STORAGE_AND_MESSAGING[5])
                .orShould().dependOnClassesThat().haveFullyQualifiedName(STORAGE_AND_MESSAGING[6])
                .orShould().dependOnClassesThat().haveFullyQualifiedName(STORAGE_AND_MESSAGING[7])
                .because("a controller speaks HTTP; what it stores or publishes belongs to its feature's code")
                .allowEmptyShould(true)
                .check(classes);
    }

    /** The event contracts are plain Java: consumers in other services and languages read them without Spring. */
    public static void checkEventContracts(String rootPackage) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..")
                .because("event contracts are records and constants only")
                .check(productionClasses(rootPackage));
    }
}
