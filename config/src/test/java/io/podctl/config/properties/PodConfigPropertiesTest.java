package io.podctl.config.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.podctl.config.ConfigLoader;
import io.podctl.config.ConfigProblem;
import io.podctl.config.LoadResult;
import io.podctl.config.properties.Mutations.Mutant;
import io.podctl.config.properties.PodGenerator.Generated;
import io.podctl.config.properties.YamlEmitter.Emitted;
import io.podctl.config.properties.YamlEmitter.Pos;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the validator over generated pod files: every generated valid configuration loads without an
 * error, and every single mutation that breaks one rule is rejected naming exactly that rule, at the line and
 * column of the mutated key or value and nowhere else.
 */
class PodConfigPropertiesTest {
    private static final int VALID_TRIES = 400;
    private static final int MUTATION_TRIES = 200;
    private static final String FILE = "pod.yaml";

    private final ConfigLoader loader = new ConfigLoader();

    /** A generated file. */
    record Case(Generated generated, Emitted emitted) {
        String show() {
            return emitted.numbered();
        }
    }

    /** A generated file with one mutation. */
    record MutatedCase(Mutant mutant, Emitted emitted) {
        String show() {
            return "mutation: " + mutant + "\n" + emitted.numbered();
        }
    }

    @Test
    void everyGeneratedConfigurationIsValid() {
        PropertyRunner.forAll("generated configurations are valid", VALID_TRIES, r -> {
            Generated g = PodGenerator.generate(r);
            return new Case(g, YamlEmitter.emit(g.tree(), r));
        }, Case::show, c -> {
            LoadResult result = loader.parse(c.emitted().text(), FILE);
            List<ConfigProblem> errors = errors(result);
            assertTrue(errors.isEmpty(), () -> "errors: " + errors.stream().map(ConfigProblem::toString)
                    .collect(Collectors.joining("\n", "\n", "")));
            assertTrue(result instanceof LoadResult.Valid);
        });
    }

    static List<String> rules() {
        return Mutations.rules();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void breakingOneRuleIsRejectedNamingThatRuleAtTheMutatedNode(String rule) {
        PropertyRunner.forAll("a mutation breaking " + rule + " is reported", MUTATION_TRIES, r -> mutate(rule, r),
                MutatedCase::show, c -> {
                    List<ConfigProblem> errors = errors(loader.parse(c.emitted().text(), FILE));
                    assertTrue(!errors.isEmpty(), "the mutated file was accepted");
                    Set<String> rules = errors.stream().map(ConfigProblem::rule).collect(Collectors.toSet());
                    assertEquals(Set.of(rule), rules, () -> "rules reported: " + show(errors));
                    assertTrue(errors.stream().allMatch(p -> p.message().length() < 1000),
                            () -> "messages quote long values whole: " + show(errors).length() + " characters");
                    Set<String> expected = new TreeSet<>();
                    for (Mutations.Expect e : c.mutant().at()) {
                        Pos p = e.key() ? c.emitted().key(e.path()) : c.emitted().value(e.path());
                        expected.add(FILE + ":" + p);
                    }
                    Set<String> actual = errors.stream().map(p -> p.file() + ":" + p.line() + ":" + p.column())
                            .collect(Collectors.toCollection(TreeSet::new));
                    assertEquals(expected, actual, () -> "locations of: " + show(errors));
                });
    }

    /** A valid configuration with one mutation for {@code rule}; draws again when the mutation does not apply. */
    private static MutatedCase mutate(String rule, RandomGenerator r) {
        for (int attempt = 0; attempt < 100; attempt++) {
            Generated g = PodGenerator.generate(r);
            Optional<Mutant> m = Mutations.breakRule(rule, g.tree(), g.facts(), r);
            if (m.isPresent()) {
                return new MutatedCase(m.get(), YamlEmitter.emit(g.tree(), r));
            }
        }
        return fail("no generated configuration could be mutated to break " + rule);
    }

    private static List<ConfigProblem> errors(LoadResult result) {
        return result.problems().stream().filter(p -> p.severity() == ConfigProblem.Severity.ERROR).toList();
    }

    private static String show(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n", "\n", ""));
    }
}
