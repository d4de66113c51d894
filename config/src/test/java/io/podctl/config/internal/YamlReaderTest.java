package io.podctl.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.podctl.config.internal.YNode.YMap;
import io.podctl.config.internal.YNode.YScalar;
import io.podctl.config.internal.YNode.YSeq;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlReaderTest {

    @Test
    void recordsTheLineAndColumnOfEveryKeyAndValue() {
        Problems problems = new Problems();
        YMap root = (YMap) YamlReader.read("""
                pod:
                  site: lab
                list:
                  - {a: 1}
                  - b: x
                """, "f.yaml", problems);

        Locator at = new Locator(root);
        assertEquals(new Loc("f.yaml", 2, 3), at.key("pod", "site"));
        assertEquals(new Loc("f.yaml", 2, 9), at.value("pod", "site"));
        assertEquals(new Loc("f.yaml", 4, 9), at.value("list", 0, "a"));
        assertEquals(new Loc("f.yaml", 5, 5), at.key("list", 1, "b"));
        assertEquals(new Loc("f.yaml", 5, 8), at.value("list", 1, "b"));
        assertEquals(new Loc("f.yaml", 5, 5), at.value("list", 1, "missing"), "absent: the closest written parent");
        assertEquals(List.of(), problems.sorted("f.yaml"));
    }

    @Test
    void keepsScalarsAsWrittenWithYamlsTyping() {
        YMap root = (YMap) YamlReader.read("""
                hex: 0x3008
                under: 1_000
                float: 2.5
                nan: .nan
                yes11: yes
                quoted: "12"
                empty:
                emptyQuoted: ''
                """, "f.yaml", new Problems());

        assertEquals(new YScalar(new Loc("f.yaml", 1, 6), YScalar.Kind.INT, "0x3008", 12296L), root.get("hex"));
        assertEquals(1000L, ((YScalar) root.get("under")).number());
        assertEquals(2.5, ((YScalar) root.get("float")).number());
        assertEquals(null, ((YScalar) root.get("nan")).number());
        assertEquals(YScalar.Kind.BOOL, ((YScalar) root.get("yes11")).kind());
        assertEquals(YScalar.Kind.STRING, ((YScalar) root.get("quoted")).kind());
        assertEquals(YScalar.Kind.NULL, ((YScalar) root.get("empty")).kind());
        assertEquals(YScalar.Kind.STRING, ((YScalar) root.get("emptyQuoted")).kind());
    }

    @Test
    void aSecondDocumentIsAnError() {
        Problems problems = new Problems();
        YamlReader.read("a: 1\n---\nb: 2\n", "f.yaml", problems);

        assertEquals("f.yaml:3:1: error: only one YAML document per file is allowed [yaml-syntax]",
                problems.sorted("f.yaml").get(0).toString());
    }

    @Test
    void readsNestedLists() {
        YMap root = (YMap) YamlReader.read("a: [[1, 2], []]\n", "f.yaml", new Problems());

        YSeq outer = assertInstanceOf(YSeq.class, root.get("a"));
        assertEquals(2, ((YSeq) outer.items().get(0)).items().size());
        assertEquals(0, ((YSeq) outer.items().get(1)).items().size());
    }
}
