package io.podctl.controller.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The documentation's figures that are drawn from shipped scenarios, listed in {@code docs/images/scenario-figures.txt}
 * one per line: {@code png scenario-file scenario-sha256 png-sha256}. A figure is current when its scenario file is
 * the one it was drawn from and the PNG is the one that run drew; the library's test checks both, and redraws them
 * from a passing run when asked.
 *
 * @param figures the figures, in file order
 */
public record ScenarioFigures(List<Figure> figures) {
    /** The manifest's file name in docs/images. */
    public static final String MANIFEST = "scenario-figures.txt";

    /**
     * One figure.
     *
     * @param png            its file in docs/images
     * @param scenario       the scenario's file in hil-tests/scenarios
     * @param scenarioSha256 the scenario file it was drawn from
     * @param pngSha256      the PNG that run drew
     */
    public record Figure(String png, String scenario, String scenarioSha256, String pngSha256) {
    }

    /** Reads the manifest ({@code #} starts a comment line). */
    public static ScenarioFigures read(Path manifest) throws IOException {
        List<Figure> out = new ArrayList<>();
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            String[] f = line.strip().split("\\s+");
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (f.length != 4) {
                throw new IOException(manifest + ": not 'png scenario scenario-sha256 png-sha256': " + line);
            }
            out.add(new Figure(f[0], f[1], f[2], f[3]));
        }
        return new ScenarioFigures(List.copyOf(out));
    }

    /** Draws {@code f} again from a passing run {@code r} of {@code scenarioFile} into {@code dir}. */
    public ScenarioFigures redrawn(Figure f, ScenarioResult r, Path scenarioFile, Path dir) throws IOException {
        if (!r.passed()) {
            throw new IllegalArgumentException("a figure is drawn from a passing run only: " + r.error());
        }
        Path png = dir.resolve(f.png());
        TimePlot.write(r, png);
        List<Figure> out = new ArrayList<>(figures);
        out.set(out.indexOf(f), new Figure(f.png(), f.scenario(), sha256(scenarioFile), sha256(png)));
        return new ScenarioFigures(List.copyOf(out));
    }

    /** Writes the manifest. */
    public void write(Path manifest) throws IOException {
        StringBuilder sb = new StringBuilder("# Figures drawn from shipped scenarios (hil-tests/scenarios); see"
                + " docs/scenarios.md. Generated: png scenario scenario-sha256 png-sha256\n");
        for (Figure f : figures) {
            sb.append(f.png()).append(' ').append(f.scenario()).append(' ').append(f.scenarioSha256()).append(' ')
                    .append(f.pngSha256()).append('\n');
        }
        Files.writeString(manifest, sb, StandardCharsets.UTF_8);
    }

    /** The SHA-256 of a file, hex; "missing" when there is none. */
    public static String sha256(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "missing";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
