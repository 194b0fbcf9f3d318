package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.DataOptions;
import org.vae4j.data.DataSources;
import org.vae4j.image.ImageDataset;
import org.vae4j.eval.Evaluator;
import org.vae4j.io.ModelStore;
import org.vae4j.io.ModelFolder;
import org.vae4j.model.ModelDefinition;
import org.vae4j.model.ModelSpec;
import org.vae4j.data.Schema;
import org.vae4j.model.LatentModel;
import org.vae4j.plot.ImageGrid;

/** {@code vae4j traverse}: one labelled row per latent dimension, sorted by KL. */
class TraverseCommandTest {
    private static final int PAD = ImageGrid.DEFAULT_PADDING;
    private static final int TILE = 28 * ImageGrid.autoScale(28, 28);
    private static final Pattern KL_LINE = Pattern.compile("z(\\d+)  KL (-?\\d+\\.\\d\\d)(  \\(not drawn\\))?");

    @TempDir
    static Path shared;

    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("model");
        Cli.run(Cli.args("train", "--data", Cli.dataSpec(), "--out", model, "--hidden", "32", "--latent", "4",
                "--batch-size", "32", "--epochs", "3", "--val", "none", "--no-progress")).ok();
    }

    private static Cli.Result traverse(Path out, String... extra) {
        return Cli.run(Cli.args("traverse", "--model", model, "--data", Cli.dataSpec(), "--out", out,
                Arrays.asList(extra)));
    }


    /** The printed dimensions, 0-based, in printed order, with their KL and whether they were drawn. */
    private record Printed(List<Integer> dims, List<Double> kl, List<Boolean> drawn) {}

    private static Printed printed(Cli.Result r) {
        Printed p = new Printed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (String line : r.outLines()) {
            Matcher m = KL_LINE.matcher(line);
            if (m.matches()) {
                p.dims().add(Integer.parseInt(m.group(1)) - 1);
                p.kl().add(Double.parseDouble(m.group(2)));
                p.drawn().add(m.group(3) == null);
            }
        }
        return p;
    }

    /** Labels z1 .. z4 have two characters: the margin is 2 insets and 2 characters of the 18 pt font. */
    private static int margin() {
        return ImageGrid.labelMargin(List.of("z1"), TILE);
    }

    @Test
    void rowsAreSortedByTheKlTheEvaluatorComputes(@TempDir Path tmp) throws IOException {
        Path png = tmp.resolve("t.png");
        Cli.Result r = traverse(png).ok();
        assertEquals("", r.err(), r::describe);
        Printed p = printed(r);
        assertEquals(4, p.dims().size(), r::describe);
        assertEquals(Set.of(0, 1, 2, 3), new HashSet<>(p.dims()), r::describe);
        assertEquals(List.of(true, true, true, true), p.drawn(), r::describe);

        ImageDataset data = new DataSources(DataOptions.defaults().withAllowDownload(false)).loadImages(Cli.dataSpec(), "data");
        List<Double> kl;
        try (ModelFolder saved = ModelStore.load(model)) {
            kl = Evaluator.evaluate(saved.model(), data, 1).parts().get("kl");
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(kl.get(p.dims().get(i)), p.kl().get(i), 0.0051, "printed KL of row " + i);
            if (i > 0) {
                assertTrue(kl.get(p.dims().get(i - 1)) >= kl.get(p.dims().get(i)) - 1e-4,
                        "rows should go down in KL: " + kl + "\n" + r.describe());
            }
        }
        assertTrue(kl.get(p.dims().get(0)) > kl.get(p.dims().get(3)) + 0.05,
                "a trained model uses some dimensions more than others: " + kl);

        BufferedImage image = Cli.readPng(png);
        assertEquals(2 * ImageGrid.LABEL_INSET + 2 * 11, margin());
        assertEquals(margin() + PAD + 9 * (TILE + PAD), image.getWidth());
        assertEquals(PAD + 4 * (TILE + PAD), image.getHeight());
        assertNotBlankAndLabelled(image, 4);
        assertTrue(r.out().contains("wrote " + png + " (4 rows of 9 values from -3 to 3 around example 0"),
                r::describe);
    }

    /** Every tile is drawn and varies, and every row has ink in the label margin. */
    private static void assertNotBlankAndLabelled(BufferedImage image, int rows) {
        int pad = ImageGrid.DEFAULT_PAD_COLOR.getRGB() & 0xFFFFFF;
        for (int row = 0; row < rows; row++) {
            int top = PAD + row * (TILE + PAD);
            Set<Integer> tileColours = new HashSet<>();
            for (int y = top; y < top + TILE; y++) {
                for (int x = margin() + PAD; x < margin() + PAD + TILE; x++) {
                    tileColours.add(image.getRGB(x, y));
                }
            }
            assertTrue(tileColours.size() > 10, "row " + row + "'s first tile has " + tileColours.size() + " colours");
            int ink = 0;
            for (int y = top; y < top + TILE; y++) {
                for (int x = 0; x < margin(); x++) {
                    ink += (image.getRGB(x, y) & 0xFFFFFF) != pad ? 1 : 0;
                }
            }
            assertTrue(ink > 10, "row " + row + " should have a label");
        }
    }

    @Test
    void dimsRangeStepsAndIndexShapeThePicture(@TempDir Path tmp) throws IOException {
        Path png = tmp.resolve("t.png");
        Cli.Result all = traverse(tmp.resolve("all.png"), "--index", "7").ok();
        Cli.Result r = traverse(png, "--dims", "2", "--steps", "5", "--range", "1.5", "--index", "7").ok();
        Printed p = printed(r);
        assertEquals(printed(all).dims(), p.dims(), "the same order whatever is drawn");
        assertEquals(List.of(true, true, false, false), p.drawn(), r::describe);
        assertTrue(r.out().contains("2 rows of 5 values from -1.5 to 1.5 around example 7"), r::describe);
        BufferedImage image = Cli.readPng(png);
        assertEquals(margin() + PAD + 5 * (TILE + PAD), image.getWidth());
        assertEquals(PAD + 2 * (TILE + PAD), image.getHeight());
        assertNotBlankAndLabelled(image, 2);
    }

    @Test
    void colourModelsGiveColourPictures(@TempDir Path tmp) throws IOException {
        Path folder = ConvCommandTest.colourFolder(tmp.resolve("rects"), 12, 16, false);
        Path colourModel = tmp.resolve("colour");
        try (LatentModel m = LatentModel.create(ModelDefinition.vae(Schema.image(3, 16, 16),
                new ModelSpec("mlp", List.of(16), 3, List.of(), false, "bernoulli", 0.1)), 4)) {
            ModelStore.save(colourModel, m);
        }
        Path png = tmp.resolve("t.png");
        Cli.run(Cli.args("traverse", "--model", colourModel, "--data", "folder:" + folder, "--out", png)).ok();
        BufferedImage image = Cli.readPng(png);
        int tile = 16 * ImageGrid.autoScale(16, 16);
        int margin = ImageGrid.labelMargin(List.of("z1"), tile);
        assertEquals(margin + PAD + 9 * (tile + PAD), image.getWidth());
        assertEquals(PAD + 3 * (tile + PAD), image.getHeight());
        assertTrue(coloured(image, margin), "a colour model's traversal is in colour");

        Path pairs = tmp.resolve("i.png");
        Cli.run(Cli.args("interpolate", "--model", colourModel, "--data", "folder:" + folder, "--out", pairs,
                "--pairs", "0:1")).ok();
        assertTrue(coloured(Cli.readPng(pairs), 0), "a colour model's interpolation is in colour");
    }

    private static boolean coloured(BufferedImage image, int fromX) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = fromX; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (((p >> 16) & 0xff) != ((p >> 8) & 0xff) || ((p >> 8) & 0xff) != (p & 0xff)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void badOptionsAreRefusedOnOneLine(@TempDir Path tmp) {
        Path png = tmp.resolve("t.png");
        Cli.Result r = traverse(png, "--index", "200").badInput();
        assertEquals("vae4j traverse: --index 200: example 200 is out of range, " + Cli.dataSpec()
                + " has 200 examples (0-199)", r.errLines().get(0));
        traverse(png, "--index", "-1").badInput("--index -1", "out of range");
        traverse(png, "--range", "0").badInput("--range 0", "above 0");
        traverse(png, "--range", "-2").badInput("--range -2", "above 0");
        traverse(png, "--range", "NaN").badInput("--range NaN");
        traverse(png, "--steps", "1").badInput("--steps 1", "from 2");
        traverse(png, "--dims", "0").badInput("--dims 0");
        traverse(png, "--dims", "5").badInput("--dims 5", "from 1 to 4", "latent");
        traverse(tmp.resolve("t.jpg")).badInput("--out", ".png");
        Cli.run("traverse", "--model", model.toString(), "--out", png.toString()).badInput("--data");
        assertFalse(Files.exists(png), "no picture for bad input");
    }

    @Test
    void helpNamesTheOptions() {
        Cli.Result r = Cli.run("traverse", "--help").ok();
        for (String option : new String[] {"--model", "--data", "--index", "--range", "--steps", "--dims", "--out"}) {
            assertTrue(r.out().contains(option), () -> "help should mention " + option + "\n" + r.describe());
        }
        assertTrue(Cli.run("--help").ok().out().contains("traverse"));
    }
}
