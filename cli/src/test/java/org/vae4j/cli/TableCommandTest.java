package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables on the command line, on a generated table (a temperature in kelvin near 300, a pressure tied to it, a
 * colour tied to the pressure's sign, a tenth of the cells missing, and a label column with 10% anomalies that break
 * the tie): train, sample, compare, impute, score, evaluate, encode and info, each output read back, and every misuse
 * of the issue in one line with exit code 2.
 */
class TableCommandTest {
    private static Path csv;
    private static Path model;
    private static List<String[]> rows = new ArrayList<>();

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainOnce() throws Exception {
        Random r = new Random(12);
        StringBuilder text = new StringBuilder("kelvin,pressure,colour,id,kind\n");
        for (int i = 0; i < 500; i++) {
            double t = r.nextGaussian();
            boolean odd = i % 10 == 0;
            double p = (odd ? -1 : 1) * 3 * t + 0.2 * r.nextGaussian();
            String[] cells = {String.format(java.util.Locale.ROOT, "%.3f", 300 + 5 * t),
                String.format(java.util.Locale.ROOT, "%.3f", p), p > 0 ? "red" : "blue", String.valueOf(i),
                odd ? "odd" : "normal"};
            if (r.nextDouble() < 0.1) {
                cells[r.nextInt(3)] = r.nextBoolean() ? "" : "NA";
            }
            rows.add(cells);
            text.append(String.join(",", cells)).append('\n');
        }
        csv = shared.resolve("plant.csv");
        Files.writeString(csv, text);
        model = shared.resolve("m");
        Cli.Result trained = Cli.run(Cli.args("train", "--data", "csv:" + csv, "--drop", "id", "--label", "kind",
                "--out", model, "--epochs", "40", "--batch-size", "32", "--lr", "3e-3", "--val", "none",
                "--no-progress")).ok();
        assertTrue(trained.out().contains("note     csv:" + csv + ": 500 rows, 2 numeric and 1 categorical columns "
                + "(4 values a row)"), trained.out());
        assertTrue(trained.out().contains("model    vae, mlp 4-128-128-2, tabular"), trained.out());
    }

    private static List<String[]> readCsv(Path file) throws Exception {
        List<String[]> out = new ArrayList<>();
        try (com.fasterxml.jackson.databind.MappingIterator<String[]> it = new com.fasterxml.jackson.dataformat.csv
                .CsvMapper().readerFor(String[].class).with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature
                        .WRAP_AS_ARRAY).readValues(file.toFile())) {
            while (it.hasNextValue()) {
                out.add(it.nextValue());
            }
        }
        return out;
    }

    @Test
    void theFolderKeepsTheCodingAndInfoShowsIt() throws Exception {
        JsonNode info = new ObjectMapper().readTree(model.resolve("vae4j.json").toFile());
        JsonNode kelvin = info.get("schema").get("inputs").get(0);
        double mean = rows.stream().filter(c -> !c[0].isEmpty() && !c[0].equals("NA"))
                .mapToDouble(c -> Double.parseDouble(c[0])).average().orElseThrow();
        assertEquals("numeric", kelvin.get("kind").asText());
        assertEquals(mean, kelvin.get("mean").asDouble(), 1e-9);
        assertEquals("kind", info.get("data").get("table").get("label").asText());
        String out = Cli.run("info", "--model", model.toString()).ok().out();
        assertTrue(out.contains("colour      categorical: blue, red"), out);
    }

    @Test
    void samplesComeBackInTheOriginalUnitsAndCompareWellWithTheRealTable() throws Exception {
        Path synth = dir.resolve("synth.csv");
        Cli.Result s = Cli.run("sample", "--model", model.toString(), "--count", "500", "--out", synth.toString())
                .ok();
        assertTrue(s.out().contains("500 synthetic rows"), s.out());
        List<String[]> back = readCsv(synth);
        assertEquals(List.of("kelvin", "pressure", "colour"), List.of(back.get(0)));
        assertEquals(501, back.size());
        double mean = back.subList(1, 501).stream().mapToDouble(c -> Double.parseDouble(c[0])).average()
                .orElseThrow();
        assertEquals(300, mean, 1.0); // kelvin, not standardised units
        assertTrue(back.subList(1, 501).stream().allMatch(c -> c[2].equals("red") || c[2].equals("blue")));
        // the report of the table with itself is 1; with the samples high but below 1 (their values differ)
        JsonNode self = new ObjectMapper().readTree(Cli.run("compare", "--real", csv.toString(), "--synthetic",
                csv.toString(), "--json").ok().out());
        assertEquals(1.0, self.get("overall").asDouble(), 1e-12);
        // the real table's id and kind, which the model left out, are not compared
        JsonNode vs = new ObjectMapper().readTree(Cli.run("compare", "--real", csv.toString(), "--synthetic",
                synth.toString(), "--label", "colour", "--json").ok().out());
        assertEquals("[\"id\",\"kind\"]", vs.get("leftOut").toString());
        Path real = csv;
        double overall = vs.get("overall").asDouble();
        assertTrue(overall > 0.8 && overall < 1, vs.toString());
        assertEquals(3, vs.get("columns").size());
        assertTrue(vs.get("tstr").get("syntheticAccuracy").asDouble() > 0.8, vs.get("tstr").toString());
        String text = Cli.run("compare", "--real", real.toString(), "--synthetic", synth.toString()).ok().out();
        assertTrue(text.contains("KSComplement") && text.contains("ContingencySimilarity"), text);
    }

    @Test
    void imputeFillsOnlyTheMissingCellsAndNamesThem() throws Exception {
        Path filled = dir.resolve("filled.csv");
        Cli.Result r = Cli.run("impute", "--model", model.toString(), "--data", "csv:" + csv, "--out",
                filled.toString(), "--samples", "20").ok();
        List<String[]> back = readCsv(filled);
        assertEquals(List.of("kelvin", "pressure", "colour", "kind", "filled"), List.of(back.get(0)));
        int holes = 0;
        for (int i = 0; i < rows.size(); i++) {
            String[] in = rows.get(i);
            String[] out = back.get(i + 1);
            List<String> named = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                boolean missing = in[c].isEmpty() || in[c].equals("NA");
                if (missing) {
                    named.add(List.of("kelvin", "pressure", "colour").get(c));
                    holes++;
                    assertTrue(!out[c].isEmpty(), "row " + i);
                } else {
                    assertEquals(in[c], out[c], "row " + i + ": an observed cell is kept exactly");
                }
            }
            assertEquals(in[4], out[3]);
            assertEquals(String.join(";", named), out[4], "row " + i);
        }
        assertTrue(holes > 20);
        assertTrue(r.out().contains(holes + " cells filled"), r.out());
    }

    @Test
    void scoresRankTheAnomaliesAndTheirAucIsTheOneOfTheWrittenScores() throws Exception {
        Path scores = dir.resolve("scores.csv");
        JsonNode summary = new ObjectMapper().readTree(Cli.run("score", "--model", model.toString(), "--data",
                "csv:" + csv, "--anomaly", "odd", "--method", "iw", "--samples", "50", "--contamination", "0.1",
                "--out", scores.toString(), "--json").ok().out());
        List<String[]> back = readCsv(scores);
        assertEquals(List.of("row", "score", "label", "anomaly", "flagged"), List.of(back.get(0)));
        // the AUC by its definition over the written scores, every (anomaly, normal) pair
        double wins = 0;
        long pairs = 0;
        int flagged = 0;
        double threshold = summary.get("threshold").asDouble();
        for (String[] a : back.subList(1, back.size())) {
            assertEquals(a[2].equals("odd") ? "1" : "0", a[3]);
            flagged += a[4].equals("1") ? 1 : 0;
            assertEquals(Double.parseDouble(a[1]) > threshold ? "1" : "0", a[4]);
            if (!a[3].equals("1")) {
                continue;
            }
            for (String[] b : back.subList(1, back.size())) {
                if (b[3].equals("0")) {
                    double x = Double.parseDouble(a[1]);
                    double y = Double.parseDouble(b[1]);
                    wins += x > y ? 1 : x == y ? 0.5 : 0;
                    pairs++;
                }
            }
        }
        assertEquals(wins / pairs, summary.get("rocAuc").asDouble(), 1e-12);
        assertTrue(summary.get("rocAuc").asDouble() > 0.85, summary.toString());
        assertEquals(50, summary.get("anomalies").asInt());
        assertEquals(50, flagged);
        assertEquals(flagged, summary.get("flagged").asInt());
        Cli.readPng(dir.resolve("scores-histogram.png"));
        // the printed summary has the same figures
        String text = Cli.run("score", "--model", model.toString(), "--data", "csv:" + csv, "--anomaly", "odd",
                "--method", "recon-prob", "--out", scores.toString(), "--histogram",
                dir.resolve("h.png").toString()).ok().out();
        assertTrue(text.contains("ROC-AUC") && text.contains("anomalies 50 of 500"), text);
        Cli.readPng(dir.resolve("h.png"));
    }

    @Test
    void newRowsWithoutTheLabelColumnAreScoredAndFlagged() throws Exception {
        Path fresh = dir.resolve("fresh.csv");
        List<String> lines = new ArrayList<>(List.of("pressure,kelvin,colour"));
        for (String[] c : rows.subList(0, 20)) {
            lines.add(c[1] + "," + c[0] + "," + c[2]); // columns in another order, no id, no kind
        }
        Files.write(fresh, lines);
        Path scores = dir.resolve("fresh-scores.csv");
        Cli.run("score", "--model", model.toString(), "--data", "csv:" + fresh, "--threshold", "5", "--out",
                scores.toString()).ok();
        List<String[]> back = readCsv(scores);
        assertEquals(List.of("row", "score", "flagged"), List.of(back.get(0)));
        assertEquals(21, back.size());
        Cli.run("score", "--model", model.toString(), "--data", "csv:" + fresh, "--anomaly", "odd", "--out",
                scores.toString()).badInput("no labels", "'kind'");
    }

    @Test
    void evaluateAndEncodeWorkOnTables() throws Exception {
        JsonNode e = new ObjectMapper().readTree(Cli.run("evaluate", "--model", model.toString(), "--data",
                "csv:" + csv, "--iw-samples", "20", "--json").ok().out());
        JsonNode columns = e.get("columnReconstruction");
        List<String> names = new ArrayList<>();
        columns.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("kelvin", "pressure", "colour"), names);
        double sum = columns.get("kelvin").asDouble() + columns.get("pressure").asDouble()
                + columns.get("colour").asDouble();
        // the per-column terms are parts of the reconstruction term, up to the noise of one draw per row
        assertEquals(e.get("reconstruction").asDouble(), sum, 0.5);
        Path z = dir.resolve("z.csv");
        String out = Cli.run("encode", "--model", model.toString(), "--data", "csv:" + csv, "--out", z.toString())
                .ok().out();
        assertTrue(out.contains("500 examples x 2 means, with labels"), out);
    }

    @Test
    void imagesScoredAgainstANormalClass() throws Exception {
        Path m = dir.resolve("img");
        Cli.train(m, 2);
        Path scores = dir.resolve("s.csv");
        JsonNode s = new ObjectMapper().readTree(Cli.run("score", "--model", m.toString(), "--data",
                Cli.dataSpec(), "--normal-class", "0", "--samples", "2", "--out", scores.toString(), "--json")
                .ok().out());
        List<String[]> back = readCsv(scores);
        // every image whose label is not 0 is an anomaly
        for (String[] r : back.subList(1, back.size())) {
            assertEquals(r[2].equals("0") ? "0" : "1", r[3], String.join(",", r));
        }
        long anomalies = back.subList(1, back.size()).stream().filter(r -> r[3].equals("1")).count();
        assertEquals(anomalies, s.get("anomalies").asLong());
        assertEquals(back.size() - 1, s.get("count").asInt());
        Cli.run("score", "--model", m.toString(), "--data", Cli.dataSpec(), "--normal-class", "12", "--out",
                scores.toString()).badInput("--normal-class 12", "0 to 9");
        Cli.run("score", "--model", m.toString(), "--data", Cli.dataSpec(), "--anomaly", "odd", "--out",
                scores.toString()).badInput("--anomaly", "--normal-class");
    }

    @Test
    void badTablesAndOptionsFailInOneLine() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Path out = dir.resolve("out");
        Files.writeString(bad, "a,b\n1,2\n3\n");
        Cli.run("train", "--data", "csv:" + bad, "--out", out.toString(), "--no-progress")
                .badInput(bad.toString(), "line 3", "1 values, expected 2");
        Files.writeString(bad, "a,b\n1.5,x\n2.5,y\nwarm,z\n");
        Cli.run("train", "--data", "csv:" + bad, "--columns", "a:numeric", "--out", out.toString(), "--no-progress")
                .badInput("line 4", "column 'a'", "'warm' is not a number");
        Files.writeString(bad, "a,b,c\n1.5,x,7\n2.5,y,7\n3.5,x,7\n");
        Cli.run("train", "--data", "csv:" + bad, "--out", out.toString(), "--no-progress")
                .badInput("column 'c' is constant", "--drop c");
        Files.writeString(bad, "a,b,c\n1.5,x,\n2.5,y,NA\n");
        Cli.run("train", "--data", "csv:" + bad, "--out", out.toString(), "--no-progress")
                .badInput("column 'c' has no values", "--drop c");
        Cli.run("train", "--data", "csv:" + bad, "--columns", "a", "--out", out.toString(), "--no-progress")
                .badInput("--columns a", "NAME:KIND");
        Cli.run("train", "--data", Cli.dataSpec(), "--label", "kind", "--out", out.toString(), "--no-progress")
                .badInput("--label applies to csv:FILE data");
        // a category the model never saw, at scoring time
        Path unseen = dir.resolve("unseen.csv");
        Files.writeString(unseen, "kelvin,pressure,colour,kind\n300,1,red,normal\n301,2,green,odd\n");
        Cli.run("score", "--model", model.toString(), "--data", "csv:" + unseen, "--out",
                dir.resolve("s.csv").toString()).badInput("line 3", "column 'colour'", "'green'",
                        "not in the training data");
        Cli.run("score", "--model", model.toString(), "--data", "csv:" + csv, "--anomaly", "weird", "--out",
                dir.resolve("s.csv").toString()).badInput("--anomaly weird", "column 'kind'", "normal, odd");
        Cli.run("score", "--model", model.toString(), "--data", "csv:" + csv, "--out", dir.resolve("s.txt")
                .toString()).badInput("--out", ".csv");
        Cli.run("score", "--model", model.toString(), "--data", Cli.dataSpec(), "--out", dir.resolve("s.csv")
                .toString()).badInput("images, but the model reads a table", "csv:FILE");
        Files.writeString(unseen, "kelvin,colour\n300,red\n");
        Cli.run("impute", "--model", model.toString(), "--data", "csv:" + unseen, "--out",
                dir.resolve("f.csv").toString()).badInput("no column 'pressure'");
        Cli.run("sample", "--model", model.toString(), "--out", dir.resolve("s.png").toString())
                .badInput("--out", ".csv");
        Cli.run("train", "--data", "csv:" + csv, "--likelihood", "bernoulli", "--out", out.toString(),
                "--no-progress").badInput("--likelihood bernoulli", "tabular");
        Cli.run("compare", "--real", csv.toString(), "--synthetic", csv.toString(), "--label", "pressure")
                .badInput("--label pressure", "numeric");
    }

    @Test
    void aTableRunResumesWithItsSettings() throws Exception {
        Path m = dir.resolve("r");
        // a '-' in a numeric column: read as missing only with the run's --na, which resume must apply
        Path dashed = dir.resolve("dashed.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(3, "-," + lines.get(3).substring(lines.get(3).indexOf(',') + 1));
        Files.write(dashed, lines);
        Cli.run(Cli.args("train", "--data", "csv:" + dashed, "--drop", "id", "--label", "kind", "--na", "-", "--out",
                m, "--epochs", "2", "--val", "0.2", "--no-progress")).ok();
        Cli.Result resumed = Cli.run(Cli.args("train", "--out", m, "--resume", "--epochs", "3", "--no-progress"))
                .ok();
        assertTrue(resumed.out().contains("epoch 3/3"), resumed.out());
        JsonNode info = new ObjectMapper().readTree(m.resolve("vae4j.json").toFile());
        assertEquals("-", info.get("data").get("table").get("na").get(0).asText());
        Cli.run(Cli.args("train", "--out", m, "--resume", "--epochs", "4", "--label", "kind", "--no-progress"))
                .badInput("--label", "resumed run");
    }

    @Test
    void modeSpecificNormalisationKeepsTwoClustersApart() throws Exception {
        // a column of two far clusters, 10 and 1000: by modes, samples come from both, near their centres
        Random r = new Random(4);
        StringBuilder text = new StringBuilder("size,shade\n");
        for (int i = 0; i < 300; i++) {
            boolean big = i % 3 == 0;
            text.append(big ? 1000 + 5 * r.nextGaussian() : 10 + r.nextGaussian()).append(',')
                    .append(big ? "dark" : "light").append('\n');
        }
        Path data = Files.writeString(dir.resolve("two.csv"), text);
        Path m = dir.resolve("modes");
        Cli.run(Cli.args("train", "--data", "csv:" + data, "--normalise", "modes", "--out", m, "--epochs", "30",
                "--batch-size", "32", "--lr", "3e-3", "--val", "none", "--no-progress")).ok();
        JsonNode size = new ObjectMapper().readTree(m.resolve("vae4j.json").toFile()).get("schema").get("inputs")
                .get(0);
        assertEquals("numeric-modes", size.get("kind").asText(), size.toString());
        assertEquals(2, size.get("means").size());
        assertEquals(10, size.get("means").get(0).asDouble(), 0.5);
        assertEquals(1000, size.get("means").get(1).asDouble(), 2);
        assertTrue(Cli.run("info", "--model", m.toString()).ok().out().contains("numeric, 2 modes"));
        Path synth = dir.resolve("synth.csv");
        Cli.run("sample", "--model", m.toString(), "--count", "600", "--out", synth.toString()).ok();
        int big = 0;
        int agree = 0;
        for (String[] row : readCsv(synth).subList(1, 601)) {
            double v = Double.parseDouble(row[0]);
            assertTrue(Math.abs(v - 10) < 10 || Math.abs(v - 1000) < 40, "a value between the clusters: " + v);
            big += v > 500 ? 1 : 0;
            agree += (v > 500) == row[1].equals("dark") ? 1 : 0;
        }
        assertEquals(200, big, 60, "about a third from the big cluster");
        assertTrue(agree > 500, agree + " of 600 shades agree with their size (chance: about 300)");
        Cli.run(Cli.args("train", "--data", "csv:" + data, "--normalise", "bins", "--out", dir.resolve("x"),
                "--no-progress")).badInput("--normalise", "bins");
    }

    @Test
    void conditionalSamplesCarryTheirClassAndOptionsAreChecked() throws Exception {
        Path c = dir.resolve("cond");
        Cli.run(Cli.args("train", "--data", "csv:" + csv, "--drop", "id", "--label", "kind", "--condition", "label",
                "--out", c, "--epochs", "3", "--val", "none", "--no-progress")).ok();
        Path synth = dir.resolve("odd.csv");
        Cli.run("sample", "--model", c.toString(), "--class", "odd", "--count", "7", "--out", synth.toString()).ok();
        List<String[]> back = readCsv(synth);
        assertEquals(List.of("kelvin", "pressure", "colour", "kind"), List.of(back.get(0)));
        assertTrue(back.subList(1, 8).stream().allMatch(r -> r[3].equals("odd")));
        // a column declared numeric in compare is compared as numbers; the left-out columns are not read strictly
        Path a = Files.writeString(dir.resolve("a.csv"), "n,note\n1,x\n2,inf\n3,y\n4,z\n5,x\n6,x\n7,x\n8,x\n"
                + "9,x\n10,x\n11,x\n");
        Path b = Files.writeString(dir.resolve("b.csv"), "n\n1.5\n2.5\n3.5\n4.5\n5.5\n6.5\n7.5\n8.5\n9.5\n10.5\n"
                + "11.5\n");
        JsonNode r = new ObjectMapper().readTree(Cli.run("compare", "--real", a.toString(), "--synthetic",
                b.toString(), "--columns", "n:numeric", "--json").ok().out());
        assertEquals("KSComplement", r.get("columns").get(0).get("metric").asText());
        // shifted by half a step: the largest gap between the distribution functions is 1/11
        assertEquals(1 - 1.0 / 11, r.get("columns").get(0).get("score").asDouble(), 1e-9);
        Path scores = dir.resolve("x.csv");
        Cli.run("score", "--model", model.toString(), "--data", "csv:" + csv, "--threshold", "NaN", "--out",
                scores.toString()).badInput("--threshold NaN");
        Cli.run("score", "--model", model.toString(), "--data", "csv:" + csv, "--anomaly", "normal,odd", "--out",
                scores.toString()).badInput("every example is anomalous");
        Path img = dir.resolve("img");
        Cli.train(img, 1);
        Cli.run("reconstruct", "--model", img.toString(), "--data", Cli.dataSpec(), "--label", "kind", "--out",
                dir.resolve("r.png").toString()).badInput("--label applies to models of csv: tables");
        // a label the user names must be there; the run's own is read only where it is
        Path fresh = Files.writeString(dir.resolve("nolabel.csv"), "kelvin,pressure,colour\n300,1,red\n301,-1,blue\n");
        Cli.run("encode", "--model", model.toString(), "--data", "csv:" + fresh, "--out",
                dir.resolve("z.csv").toString()).ok();
        Cli.run("encode", "--model", model.toString(), "--data", "csv:" + fresh, "--label", "kind", "--out",
                dir.resolve("z.csv").toString()).badInput("--label kind");
    }
}
