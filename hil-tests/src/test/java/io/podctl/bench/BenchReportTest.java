package io.podctl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bench's report writer: table layout and replacing its own section of a shared Markdown file. */
class BenchReportTest {

    @Test
    void aTableIsPaddedAlignedAndEscaped() {
        String table = new MarkdownTable("fault", "p50 ms", "note")
                .align(MarkdownTable.Align.RIGHT, 1)
                .row("leak (GPIO)", "78.0", "a|b")
                .row("E-stop", "3.5", "two\nlines")
                .render();
        assertEquals("""
                | fault       | p50 ms | note      |
                | ----------- | -----: | --------- |
                | leak (GPIO) |   78.0 | a\\|b      |
                | E-stop      |    3.5 | two lines |
                """, table);
    }

    @Test
    void aRowOfTheWrongWidthIsRefused() {
        MarkdownTable t = new MarkdownTable("a", "b");
        assertThrows(IllegalArgumentException.class, () -> t.row("only one"));
    }

    @Test
    void theSectionIsReplacedAndTheOthersAreKept() {
        String doc = """
                # Benchmarks

                Intro.

                ## HIL figures

                old figures
                ### Machine
                old machine

                ## Field I/O

                field figures, with a code block:

                ```
                ## not a heading
                ```
                """;
        String replaced = MarkdownSections.replace(doc, "## HIL figures", "## HIL figures\n\nnew figures\n",
                "# Benchmarks");
        assertEquals("""
                # Benchmarks

                Intro.

                ## HIL figures

                new figures

                ## Field I/O

                field figures, with a code block:

                ```
                ## not a heading
                ```
                """, replaced);
    }

    @Test
    void aSectionAtTheEndIsReplacedToTheEnd() {
        String doc = "# Benchmarks\n\n## Field I/O\n\nfield\n\n## HIL figures\n\nold\n```\n## x\n```\n";
        assertEquals("# Benchmarks\n\n## Field I/O\n\nfield\n\n## HIL figures\n\nnew\n",
                MarkdownSections.replace(doc, "## HIL figures", "## HIL figures\n\nnew\n", "# Benchmarks"));
    }

    @Test
    void aMissingSectionIsAppendedAndAMissingFileIsCreated() {
        assertEquals("# Benchmarks\n\n## Field I/O\n\nfield\n\n## HIL figures\n\nnew\n",
                MarkdownSections.replace("# Benchmarks\n\n## Field I/O\n\nfield\n", "## HIL figures",
                        "## HIL figures\n\nnew\n", "# Benchmarks"));
        assertEquals("# Benchmarks\n\n## HIL figures\n\nnew\n",
                MarkdownSections.replace("", "## HIL figures", "## HIL figures\n\nnew", "# Benchmarks"));
    }

    @Test
    void aSectionMustStartWithItsHeading() {
        assertThrows(IllegalArgumentException.class,
                () -> MarkdownSections.replace("", "## HIL figures", "figures", "# Benchmarks"));
    }

    @Test
    void durationsAreWrittenInTheirNaturalUnit() {
        assertEquals("100 ms", BenchReport.ms(Duration.ofMillis(100)));
        assertEquals("2 s", BenchReport.ms(Duration.ofSeconds(2)));
        assertEquals("2.5 ms", BenchReport.ms(Duration.ofNanos(2_500_000)));
    }
}
