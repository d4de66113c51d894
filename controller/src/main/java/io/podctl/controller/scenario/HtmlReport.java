package io.podctl.controller.scenario;

import io.podctl.controller.scenario.ScenarioResult.StepResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The report of one run: {@code report.html}, self-contained (styles inline, every plot embedded as a data URI),
 * and the same plots as PNG files beside it ({@code NN-name.png}) to attach elsewhere. Pass or fail per scenario
 * and step, each expectation's measured latency against its bound, and the time plot.
 *
 * <p>Threading: stateless.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /**
     * Writes the report into {@code dir} (created), and returns the HTML file.
     *
     * @param results the scenarios run, in order
     */
    public static Path write(List<ScenarioResult> results, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder h = new StringBuilder();
        long failed = results.stream().filter(r -> !r.passed()).count();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>podctl scenarios</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1150px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}")
                .append(".pass{color:#17702c;font-weight:bold}.fail{color:#b00020;font-weight:bold}")
                .append("td.num{text-align:right;font-variant-numeric:tabular-nums}img{max-width:100%}</style></head><body>")
                .append("<h1>podctl HIL scenarios</h1><p>").append(results.size()).append(" scenarios, ")
                .append(results.size() - failed).append(" passed, ").append(failed).append(" failed.</p><table><tr>")
                .append("<th>scenario</th><th>file</th><th>result</th><th>duration s</th></tr>");
        for (ScenarioResult r : results) {
            h.append("<tr><td><a href=\"#s").append(results.indexOf(r)).append("\">").append(esc(r.name()))
                    .append("</a></td><td>").append(esc(r.file())).append("</td><td>").append(verdict(r.passed()))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.1f",
                            (r.endNanos() - r.startNanos()) / 1e9)).append("</td></tr>");
        }
        h.append("</table>");
        for (int i = 0; i < results.size(); i++) {
            ScenarioResult r = results.get(i);
            Path png = dir.resolve(pngName(i, r));
            TimePlot.write(r, png);
            h.append("<h2 id=\"s").append(i).append("\">").append(esc(r.name())).append(' ').append(verdict(r.passed()))
                    .append("</h2><p>").append(esc(r.file())).append("</p>");
            if (r.error() != null) {
                h.append("<p class=\"fail\">").append(esc(r.error())).append("</p>");
            }
            h.append("<table><tr><th>#</th><th>t s</th><th>step</th><th>result</th><th>measured ms</th>")
                    .append("<th>bound ms</th><th>detail</th></tr>");
            for (StepResult s : r.steps()) {
                h.append("<tr><td>").append(s.index()).append("</td><td class=\"num\">")
                        .append(String.format(Locale.ROOT, "%.2f", (s.atNanos() - r.startNanos()) / 1e9))
                        .append("</td><td>").append(esc(s.label())).append("</td><td>").append(verdict(s.passed()))
                        .append("</td><td class=\"num\">").append(num(s.latencyMs())).append("</td><td class=\"num\">")
                        .append(num(s.boundMs())).append("</td><td>").append(esc(s.detail())).append("</td></tr>");
            }
            h.append("</table><img alt=\"time plot of ").append(esc(r.name())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png))).append("\">");
        }
        h.append("</body></html>\n");
        Path html = dir.resolve("report.html");
        Files.writeString(html, h, StandardCharsets.UTF_8);
        return html;
    }

    /** The PNG's file name of scenario {@code i}. */
    static String pngName(int i, ScenarioResult r) {
        String slug = r.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return String.format(Locale.ROOT, "%02d-%s.png", i + 1, slug.length() > 60 ? slug.substring(0, 60) : slug);
    }

    private static String verdict(boolean ok) {
        return ok ? "<span class=\"pass\">PASS</span>" : "<span class=\"fail\">FAIL</span>";
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
