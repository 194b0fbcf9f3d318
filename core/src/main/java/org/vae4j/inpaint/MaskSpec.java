package org.vae4j.inpaint;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.vae4j.BadInputException;
import org.vae4j.Seeds;

/**
 * Which pixels of an image are missing: a mask as {@code --mask} names it. A mask is the same for every channel.
 *
 * <ul>
 *   <li>{@code top-half}, {@code bottom-half}, {@code left-half}, {@code right-half}: that half is missing (the
 *       first half has floor(size / 2) rows or columns);
 *   <li>{@code quadrant:K}, K = 1, 2 or 3 quadrants observed, as in Sohn et al. 2015 and Pyro's CVAE example: 1 the
 *       bottom-left quadrant, 2 the left half, 3 everything but the bottom-right quadrant; the rest is missing;
 *   <li>{@code rect:X,Y,W,H}: the rectangle of W columns and H rows from column X and row Y is missing;
 *   <li>{@code center:S}: the centred S x S square is missing;
 *   <li>{@code random:P}: each pixel is missing with probability P, drawn from the seed and the image's index;
 *   <li>{@code file:MASK.png}: white pixels are missing, black ones observed (nothing else is allowed); or
 *       {@code file:FOLDER}, a folder of such PNGs, one per image, found by the name {@link #missing} is given:
 *       the command line names each image by its index, {@code 0003.png} for the fourth (the names
 *       {@code inpaint --save} writes), since image data keeps no file names.
 * </ul>
 *
 * <p>A resolved mask must leave at least one pixel missing and one observed.
 */
public abstract sealed class MaskSpec {
    private final String text;

    private MaskSpec(String text) {
        this.text = text;
    }

    /** @return the spec in one spelling: the kind in lower case, its numbers as parsed ({@code random:0.5}) */
    @Override
    public String toString() {
        return text;
    }

    /**
     * Reads a spec.
     *
     * @param spec the text, e.g. {@code quadrant:1} or {@code rect:4,4,10,8}
     * @return the spec
     * @throws BadInputException naming the spec and what was expected
     */
    public static MaskSpec parse(String spec) {
        if (spec == null) {
            throw new BadInputException("--mask: no mask given; expected top-half, bottom-half, left-half, "
                    + "right-half, quadrant:K, rect:X,Y,W,H, center:S, random:P or file:PATH");
        }
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "top-half", "bottom-half", "left-half", "right-half" -> {
                return new Half(lower, lower.substring(0, lower.indexOf('-')));
            }
            default -> { }
        }
        int colon = s.indexOf(':');
        String kind = colon < 0 ? lower : lower.substring(0, colon);
        String arg = colon < 0 ? "" : s.substring(colon + 1).trim();
        switch (kind) {
            case "quadrant" -> {
                int k = integer(spec, arg, "the number of quadrants observed");
                if (k < 1 || k > 3) {
                    throw bad(spec, "quadrant:K takes K = 1, 2 or 3 (quadrants observed)");
                }
                return new Quadrants("quadrant:" + k, k);
            }
            case "rect" -> {
                String[] parts = arg.split(",", -1);
                if (parts.length != 4) {
                    throw bad(spec, "rect:X,Y,W,H takes four integers");
                }
                int x = integer(spec, parts[0], "X");
                int y = integer(spec, parts[1], "Y");
                int w = integer(spec, parts[2], "W");
                int h = integer(spec, parts[3], "H");
                if (x < 0 || y < 0 || w < 1 || h < 1) {
                    throw bad(spec, "rect:X,Y,W,H takes X, Y >= 0 and W, H >= 1");
                }
                return new Rect("rect:" + x + "," + y + "," + w + "," + h, x, y, w, h);
            }
            case "center" -> {
                int size = integer(spec, arg, "the square's side S");
                if (size < 1) {
                    throw bad(spec, "center:S takes a side S >= 1");
                }
                return new Center("center:" + size, size);
            }
            case "random" -> {
                double p;
                try {
                    p = Double.parseDouble(arg);
                } catch (NumberFormatException e) {
                    throw bad(spec, "random:P takes a fraction P between 0 and 1");
                }
                if (!(p > 0 && p < 1)) {
                    throw bad(spec, "random:P takes a fraction P strictly between 0 and 1");
                }
                return new Random("random:" + p, p);
            }
            case "file" -> {
                if (arg.isEmpty()) {
                    throw bad(spec, "file:PATH takes a mask PNG or a folder of them");
                }
                return new FileMask(s, Path.of(arg));
            }
            default -> throw bad(spec, "expected top-half, bottom-half, left-half, right-half, quadrant:K, "
                    + "rect:X,Y,W,H, center:S, random:P or file:PATH");
        }
    }

    /**
     * The mask of one image.
     *
     * @param height the image's rows
     * @param width the image's columns
     * @param seed the run's seed (used by {@code random:P})
     * @param index the image's position in its dataset (used by {@code random:P})
     * @param name the image's name, for a folder of masks (may be {@code null} otherwise)
     * @return {@code missing[row * width + column]}, true where the pixel is missing
     * @throws BadInputException if the mask does not fit the image, or leaves no pixel missing or none observed
     */
    public final boolean[] missing(int height, int width, long seed, long index, String name) {
        boolean[] m = resolve(height, width, seed, index, name);
        int missing = 0;
        for (boolean b : m) {
            if (b) {
                missing++;
            }
        }
        if (missing == 0) {
            throw new BadInputException("--mask " + text + ": no pixel of the " + height + "x" + width
                    + " image is missing; expected a mask with at least one missing pixel");
        }
        if (missing == m.length) {
            throw new BadInputException("--mask " + text + ": every pixel of the " + height + "x" + width
                    + " image is missing; expected at least one observed pixel");
        }
        return m;
    }

    abstract boolean[] resolve(int height, int width, long seed, long index, String name);

    private static int integer(String spec, String value, String what) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw bad(spec, what + " must be an integer, got '" + value + "'");
        }
    }

    private static BadInputException bad(String spec, String expected) {
        return new BadInputException("--mask " + spec + ": " + expected);
    }

    /** Marks the rectangle [top, top + rows) x [left, left + cols) as missing. */
    private static void fill(boolean[] m, int width, int top, int left, int rows, int cols) {
        for (int r = top; r < top + rows; r++) {
            for (int c = left; c < left + cols; c++) {
                m[r * width + c] = true;
            }
        }
    }

    static final class Half extends MaskSpec {
        private final String side;

        Half(String text, String side) {
            super(text);
            this.side = side;
        }

        @Override
        boolean[] resolve(int height, int width, long seed, long index, String name) {
            boolean[] m = new boolean[height * width];
            int h2 = height / 2;
            int w2 = width / 2;
            switch (side) {
                case "top" -> fill(m, width, 0, 0, h2, width);
                case "bottom" -> fill(m, width, h2, 0, height - h2, width);
                case "left" -> fill(m, width, 0, 0, height, w2);
                default -> fill(m, width, 0, w2, height, width - w2);
            }
            return m;
        }
    }

    static final class Quadrants extends MaskSpec {
        private final int observed;

        Quadrants(String text, int observed) {
            super(text);
            this.observed = observed;
        }

        @Override
        boolean[] resolve(int height, int width, long seed, long index, String name) {
            boolean[] m = new boolean[height * width];
            int h2 = height / 2;
            int w2 = width / 2;
            // missing: 1 observed -> top half and bottom-right; 2 -> right half; 3 -> bottom-right only
            fill(m, width, h2, w2, height - h2, width - w2);
            if (observed <= 2) {
                fill(m, width, 0, w2, h2, width - w2);
            }
            if (observed == 1) {
                fill(m, width, 0, 0, h2, w2);
            }
            return m;
        }
    }

    static final class Rect extends MaskSpec {
        private final int x;
        private final int y;
        private final int w;
        private final int h;

        Rect(String text, int x, int y, int w, int h) {
            super(text);
            this.x = x;
            this.y = y;
            this.w = w;
            this.h = h;
        }

        @Override
        boolean[] resolve(int height, int width, long seed, long index, String name) {
            if ((long) x + w > width || (long) y + h > height) {
                throw new BadInputException("--mask " + this + ": the rectangle of columns " + x + ".."
                        + ((long) x + w - 1) + " and rows " + y + ".." + ((long) y + h - 1) + " lies outside the "
                        + height + "x" + width + " image");
            }
            boolean[] m = new boolean[height * width];
            fill(m, width, y, x, h, w);
            return m;
        }
    }

    static final class Center extends MaskSpec {
        private final int size;

        Center(String text, int size) {
            super(text);
            this.size = size;
        }

        @Override
        boolean[] resolve(int height, int width, long seed, long index, String name) {
            if (size > height || size > width) {
                throw new BadInputException("--mask " + this + ": a " + size + "x" + size + " square does not fit the "
                        + height + "x" + width + " image");
            }
            boolean[] m = new boolean[height * width];
            fill(m, width, (height - size) / 2, (width - size) / 2, size, size);
            return m;
        }
    }

    static final class Random extends MaskSpec {
        private static final long PURPOSE = 0x3A5C;
        private final double p;

        Random(String text, double p) {
            super(text);
            this.p = p;
        }

        @Override
        boolean[] resolve(int height, int width, long seed, long index, String name) {
            SplittableRandom r = new SplittableRandom(Seeds.derive(seed, PURPOSE, index));
            boolean[] m = new boolean[height * width];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.nextDouble() < p;
            }
            return m;
        }
    }

    static final class FileMask extends MaskSpec {
        private final Path path;
        /** A single mask file, read once; a folder's masks are read per image. */
        private record Read(int height, int width, boolean[] mask) {}

        private volatile Read single;

        FileMask(String text, Path path) {
            super(text);
            this.path = path;
        }

        @Override
        boolean[] resolve(int height, int width, long seed, long index, String name) {
            Read cached = single;
            if (cached != null && cached.height() == height && cached.width() == width) {
                return cached.mask().clone();
            }
            Path file = path;
            if (Files.isDirectory(path)) {
                if (name == null) {
                    throw new BadInputException("--mask " + this + ": a folder of masks needs each image's name or index");
                }
                String base = Path.of(name).getFileName().toString();
                String stem = base.contains(".") ? base.substring(0, base.lastIndexOf('.')) : base;
                file = path.resolve(stem + ".png");
                if (!Files.isRegularFile(file)) {
                    throw new BadInputException("--mask " + this + ": no mask " + file + " for image " + name);
                }
            } else if (!Files.isRegularFile(path)) {
                throw new BadInputException("--mask " + this + ": " + path + " does not exist");
            }
            boolean[] m = read(file, height, width);
            if (file == path) {
                single = new Read(height, width, m.clone());
            }
            return m;
        }

        private boolean[] read(Path file, int height, int width) {
            BufferedImage image;
            try {
                image = ImageIO.read(file.toFile());
            } catch (IOException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage().lines().findFirst().orElse("");
                throw new BadInputException("--mask " + this + ": " + file + " cannot be read: " + why, e);
            }
            if (image == null) {
                throw new BadInputException("--mask " + this + ": " + file + " is not an image ImageIO can read");
            }
            if (image.getHeight() != height || image.getWidth() != width) {
                throw new BadInputException("--mask " + this + ": " + file + " is " + image.getHeight() + "x"
                        + image.getWidth() + ", the images are " + height + "x" + width);
            }
            boolean[] m = new boolean[height * width];
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    int argb = image.getRGB(c, r);
                    int rgb = argb & 0xFFFFFF;
                    if (argb >>> 24 != 0xFF) {
                        throw new BadInputException("--mask " + this + ": " + file + " has a transparent pixel at row "
                                + r + ", column " + c + "; expected an opaque white-and-black mask");
                    }
                    if (rgb == 0xFFFFFF) {
                        m[r * width + c] = true;
                    } else if (rgb != 0) {
                        throw new BadInputException("--mask " + this + ": " + file + " has a pixel that is neither "
                                + "white nor black at row " + r + ", column " + c + " (#"
                                + String.format(Locale.ROOT, "%06x", rgb) + "); expected white for missing, black "
                                + "for observed");
                    }
                }
            }
            return m;
        }
    }
}
