package io.podctl.controller.safety;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The engine's parts in layers (main code): only the coordinator sees them all; the output arbitration sees the
 * parts that hold outputs; effects see the records and the judgement; the records see the judgement; the
 * judgement of inputs sees no part above it; what all of them share (the protections table, the outbox, the alarm
 * record) sees none. Every package-private class of the package is in a layer, so a new part has to be placed;
 * the public specifications and views are used by all and belong to none. Each rule is also shown to fail on a test fixture that breaks it.
 */
class SafetyPartsTest {
    private static final String COORDINATOR = "Coordinator";
    private static final String ARBITRATION = "Output arbitration";
    private static final String EFFECTS = "Effects";
    private static final String RECORDS = "Records";
    private static final String JUDGEMENT = "Judgement";
    private static final String SHARED = "Shared";

    /** The layers, top down. */
    private static final Map<String, List<Class<?>>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put(COORDINATOR, List.of(SafetyEngine.class));
        LAYERS.put(ARBITRATION, List.of(OutputArbiter.class));
        LAYERS.put(EFFECTS, List.of(Effects.class));
        LAYERS.put(RECORDS, List.of(AlarmBook.class, TripLatches.class, Exemptions.class, Permissives.class,
                LoadShedHookup.class));
        LAYERS.put(JUDGEMENT, List.of(ProtectionEvaluator.class, SafetyInputs.class, VotingGroup.class,
                LimitMonitor.class, RateTracker.class, LoadShedder.class));
        // What every part may use, and which uses no part.
        LAYERS.put(SHARED, List.of(Protections.class, EngineOutbox.class, AlarmRecord.class));
    }

    private static final JavaClasses MAIN = importSafety(false);

    private static JavaClasses importSafety(boolean withFixtures) {
        return new ClassFileImporter()
                .withImportOption(location -> ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                        || withFixtures && location.contains("/ArchFixture"))
                .importPackages("io.podctl.controller.safety");
    }

    /** The layered rule, with {@code extraJudgement} counted among the judgement classes. */
    static ArchRule layers(Class<?>... extraJudgement) {
        Map<String, List<Class<?>>> layers = new LinkedHashMap<>(LAYERS);
        layers.put(JUDGEMENT, concat(LAYERS.get(JUDGEMENT), extraJudgement));
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer(COORDINATOR).definedBy(members(layers.get(COORDINATOR)))
                .layer(ARBITRATION).definedBy(members(layers.get(ARBITRATION)))
                .layer(EFFECTS).definedBy(members(layers.get(EFFECTS)))
                .layer(RECORDS).definedBy(members(layers.get(RECORDS)))
                .layer(JUDGEMENT).definedBy(members(layers.get(JUDGEMENT)))
                .layer(SHARED).definedBy(members(layers.get(SHARED)))
                .whereLayer(COORDINATOR).mayNotBeAccessedByAnyLayer()
                .whereLayer(ARBITRATION).mayOnlyBeAccessedByLayers(COORDINATOR)
                .whereLayer(EFFECTS).mayOnlyBeAccessedByLayers(ARBITRATION, COORDINATOR)
                .whereLayer(RECORDS).mayOnlyBeAccessedByLayers(EFFECTS, ARBITRATION, COORDINATOR)
                .whereLayer(JUDGEMENT).mayOnlyBeAccessedByLayers(RECORDS, EFFECTS, ARBITRATION, COORDINATOR)
                .whereLayer(SHARED).mayNotAccessAnyLayer();
    }

    static final ArchRule EVERY_PART_IS_PLACED = classes().that().resideInAPackage("io.podctl.controller.safety")
            .and().areTopLevelClasses().and().doNotHaveModifier(JavaModifier.PUBLIC)
            .should(ArchConditions.be(members(LAYERS.values().stream().flatMap(List::stream).toList())))
            .because("a new part of the engine takes its place in the layers of SafetyPartsTest");

    private static DescribedPredicate<JavaClass> members(List<Class<?>> classes) {
        Set<String> names = classes.stream().map(Class::getName).collect(Collectors.toSet());
        return DescribedPredicate.describe(classes.stream().map(Class::getSimpleName).collect(Collectors.joining(", ")),
                c -> names.contains(c.getName()) || names.contains(c.getName().replaceFirst("\\$.*", "")));
    }

    private static List<Class<?>> concat(List<Class<?>> a, Class<?>... b) {
        List<Class<?>> out = new ArrayList<>(a);
        out.addAll(Arrays.asList(b));
        return out;
    }

    @Test
    void onlyTheCoordinatorSeesEveryPartAndNoPartSeesOneAboveIt() {
        layers().check(MAIN);
    }

    @Test
    void everyPartOfTheEngineHasItsPlace() {
        EVERY_PART_IS_PLACED.check(MAIN);
    }

    @Test
    void eachRuleFailsOnAClassThatBreaksIt() {
        JavaClasses withFixtures = importSafety(true);
        assertFailsNaming(layers(ArchFixtureJudgementReadingAlarms.class), withFixtures,
                "ArchFixtureJudgementReadingAlarms");
        assertFailsNaming(EVERY_PART_IS_PLACED, withFixtures, "ArchFixtureSafetyStoringState");
    }

    private static void assertFailsNaming(ArchRule rule, JavaClasses classes, String violator) {
        AssertionError e = assertThrows(AssertionError.class, () -> rule.check(classes));
        assertTrue(e.getMessage().contains(violator), () -> "the failure should name " + violator + ": "
                + e.getMessage());
    }
}
