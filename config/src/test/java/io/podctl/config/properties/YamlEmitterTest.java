package io.podctl.config.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podctl.config.internal.Loc;
import io.podctl.config.internal.Problems;
import io.podctl.config.internal.YNode;
import io.podctl.config.internal.YamlReader;
import io.podctl.config.properties.PodGenerator.Generated;
import io.podctl.config.properties.YamlEmitter.Emitted;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The generator's emitter knows where it wrote each node exactly where the loader's YAML reader finds it, so the
 * mutation properties can expect the mutated node's line and column.
 */
class YamlEmitterTest {

    @Test
    void recordedPositionsAreWhereTheReaderFindsEveryNode() {
        PropertyRunner.forAll("emitter positions match the reader", 200, r -> {
            Generated g = PodGenerator.generate(r);
            return YamlEmitter.emit(g.tree(), r);
        }, Emitted::numbered, e -> {
            Problems problems = new Problems();
            YNode root = YamlReader.read(e.text(), "f", problems);
            Map<String, String> expected = new TreeMap<>();
            Map<String, String> actual = new TreeMap<>();
            collect(root, List.of(), e, expected, actual);
            assertEquals(expected, actual);
        });
    }

    private static void collect(YNode n, List<Object> path, Emitted e, Map<String, String> expected,
                                Map<String, String> actual) {
        expected.put("value " + path, e.value(path).toString());
        actual.put("value " + path, pos(n.loc()));
        if (n instanceof YNode.YMap m) {
            for (YNode.Entry entry : m.entries().values()) {
                List<Object> child = YamlTree.path(path, entry.key());
                expected.put("key " + child, e.key(child).toString());
                actual.put("key " + child, pos(entry.keyLoc()));
                collect(entry.value(), child, e, expected, actual);
            }
        } else if (n instanceof YNode.YSeq s) {
            for (int i = 0; i < s.items().size(); i++) {
                collect(s.items().get(i), YamlTree.path(path, i), e, expected, actual);
            }
        }
    }

    private static String pos(Loc l) {
        return l.line() + ":" + l.column();
    }
}
