package org.vae4j.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.vae4j.BadInputException;
import org.vae4j.data.Hashing;

/**
 * Reads a folder of PNG and JPEG images (the {@code folder:DIR} data specification).
 *
 * <p>Layout:
 *
 * <ul>
 *   <li>{@code DIR/cat/1.png, DIR/dog/7.jpg, ...}: each subfolder holding images is a class; classes are sorted by
 *       name and numbered from 0 in that order. Images directly in {@code DIR} are then an error.
 *   <li>{@code DIR/1.png, DIR/2.png, ...}: unlabeled images.
 * </ul>
 *
 * <p>Only one level of subfolders is looked at. Images are recognised by their extension ({@code .png}, {@code .jpg},
 * {@code .jpeg}, in any case); other files and names starting with a dot are ignored. Files are taken in order of
 * their names, so the result does not depend on the file system.
 *
 * <p>All images must have the same size unless an image size N is given, in which case every image is resized to N x
 * N with bilinear interpolation. If every image is grayscale (a gray colour space, or a palette of grays) the dataset
 * has one channel, if every image is in colour it has three; a folder mixing both needs a channel count, to which
 * every image is then converted (gray replicated into red, green and blue, colour reduced to its luma). Alpha channels are
 * dropped. 16-bit images are reduced to 8 bits.
 *
 * <p>The dataset's SHA-256 is computed over every image file in order: its path relative to {@code DIR} (with
 * {@code /} separators, UTF-8), a zero byte, its length as 8 big-endian bytes, and its content.
 */
public final class ImageFolderReader {
    private ImageFolderReader() {}

    /**
     * Reads a folder of images, naming the dataset after the folder.
     *
     * @param dir the folder
     * @param imageSize resize every image to this width and height, or {@code null} to require equal sizes
     * @return the dataset
     * @throws BadInputException if the folder is missing or empty, images differ in size, or an image is unreadable
     */
    public static ImageDataset read(Path dir, Integer imageSize) {
        return read(dir, imageSize, dir.toString());
    }

    /**
     * Reads a folder of images.
     *
     * @param dir the folder
     * @param imageSize resize every image to this width and height, or {@code null} to require equal sizes
     * @param name the dataset name, for messages and provenance
     * @return the dataset
     * @throws BadInputException if the folder is missing or empty, images differ in size, or an image is unreadable
     */
    public static ImageDataset read(Path dir, Integer imageSize, String name) {
        return read(dir, imageSize, name, null);
    }

    /**
     * Reads a folder of images, converting their channels if asked.
     *
     * @param dir the folder
     * @param imageSize resize every image to this width and height, or {@code null} to require equal sizes
     * @param name the dataset name, for messages and provenance
     * @param channels 1 to read every image as gray, 3 as RGB, or {@code null} to require gray images only or colour
     *     images only
     * @return the dataset
     * @throws BadInputException if the folder is missing or empty, images differ in size (without an image size) or
     *     in colour (without a channel count), or an image is unreadable
     */
    public static ImageDataset read(Path dir, Integer imageSize, String name, Integer channels) {
        if (imageSize != null && imageSize <= 0) {
            throw new BadInputException("--image-size " + imageSize + ": expected a positive number of pixels");
        }
        if (!Files.exists(dir)) {
            throw new BadInputException(dir + ": no such folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": not a folder, expected a folder of PNG or JPEG images");
        }
        List<Path> entries = list(dir);
        List<Path> topImages = entries.stream().filter(ImageFolderReader::isImageFile).collect(Collectors.toList());
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labelList = new ArrayList<>();
        for (Path sub : entries) {
            if (!Files.isDirectory(sub)) {
                continue;
            }
            List<Path> images =
                    list(sub).stream().filter(ImageFolderReader::isImageFile).collect(Collectors.toList());
            if (images.isEmpty()) {
                continue;
            }
            int label = classNames.size();
            classNames.add(sub.getFileName().toString());
            for (Path image : images) {
                files.add(image);
                labelList.add(label);
            }
        }
        if (!classNames.isEmpty() && !topImages.isEmpty()) {
            throw new BadInputException(
                    dir + ": holds both images (such as " + topImages.get(0).getFileName()
                            + ") and class subfolders (such as " + classNames.get(0)
                            + "), expected either images only (unlabeled) or one subfolder per class");
        }
        boolean labeled = !classNames.isEmpty();
        if (!labeled) {
            files.addAll(topImages);
        }
        if (files.isEmpty()) {
            throw new BadInputException(
                    dir + ": no PNG or JPEG images found (expected images in " + dir
                            + " or in one subfolder per class)");
        }

        // Read every file in order (for the hash), then decode in parallel.
        MessageDigest digest = Hashing.sha256();
        byte[][] contents = new byte[files.size()][];
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            contents[i] = Hashing.readAll(file, "a PNG or JPEG image");
            String relative = relativeName(dir, file);
            digest.update(relative.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            long length = contents[i].length;
            for (int b = 7; b >= 0; b--) {
                digest.update((byte) (length >>> (8 * b)));
            }
            digest.update(contents[i]);
        }
        String sha256 = Hashing.hex(digest.digest());

        BufferedImage[] images = new BufferedImage[files.size()];
        String[] errors = new String[files.size()];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            try {
                BufferedImage image = Images.normalize(decode(files.get(i), contents[i]));
                if (imageSize != null) {
                    image = Images.resize(image, imageSize, imageSize);
                }
                images[i] = image;
            } catch (BadInputException e) {
                errors[i] = e.getMessage();
            } catch (RuntimeException e) {
                errors[i] = files.get(i) + ": corrupt or unsupported image: " + Hashing.describe(e);
            } finally {
                contents[i] = null;
            }
        });
        for (String error : errors) {
            if (error != null) {
                throw new BadInputException(error);
            }
        }

        int width = images[0].getWidth();
        int height = images[0].getHeight();
        boolean firstGray = images[0].getType() == BufferedImage.TYPE_BYTE_GRAY;
        for (int i = 0; i < images.length; i++) {
            BufferedImage image = images[i];
            if (image.getWidth() != width || image.getHeight() != height) {
                throw new BadInputException(
                        files.get(i) + ": image is " + image.getWidth() + "x" + image.getHeight()
                                + " pixels (width x height) but " + files.get(0) + " is " + width + "x" + height
                                + ", expected images of one size; give --image-size N to resize all images to NxN");
            }
            boolean gray = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
            if (channels == null && gray != firstGray) {
                throw new BadInputException(
                        files.get(i) + ": image is " + (gray ? "grayscale" : "colour") + " but " + files.get(0)
                                + " is " + (firstGray ? "grayscale" : "colour")
                                + ", expected one kind; give --color rgb or --color gray to convert all images");
            }
        }
        int outChannels = channels != null ? channels : firstGray ? 1 : 3;
        int perImage = outChannels * height * width;
        float[] pixels = new float[images.length * perImage];
        IntStream.range(0, images.length)
                .parallel()
                .forEach(i -> Images.toFloats(images[i], outChannels, pixels, i * perImage));
        int[] labels = labeled ? labelList.stream().mapToInt(Integer::intValue).toArray() : null;
        return new ImageDataset(name, pixels, outChannels, height, width, labels, classNames, sha256);
    }

    /**
     * Reads one PNG or JPEG file the way a folder image is read, then converts it to a given shape: decoded, alpha
     * dropped, 16-bit samples reduced to 8 bits, resized to {@code width x height} with the same bilinear
     * interpolation as {@code --image-size} (the aspect ratio is not kept), and converted to {@code channels} as
     * {@code --color} converts (gray replicated into red, green and blue; colour reduced to its ITU-R BT.601 luma).
     * An image that already has the shape is copied unchanged.
     *
     * @param file the image file
     * @param channels 1 (gray) or 3 (RGB)
     * @param height target height in pixels
     * @param width target width in pixels
     * @return C x H x W floats in [0, 1]
     * @throws BadInputException naming the file if it is missing, a folder, empty, unreadable, not a PNG or JPEG,
     *     or corrupt
     * @throws IllegalArgumentException if the target shape is not 1 or 3 channels of a positive size
     */
    public static float[] readImage(Path file, int channels, int height, int width) {
        if ((channels != 1 && channels != 3) || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("target shape " + channels + "x" + height + "x" + width
                    + ": expected 1 or 3 channels and a positive size");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + ": is a folder, expected a PNG or JPEG image");
        }
        byte[] content = Hashing.readAll(file, "a PNG or JPEG image");
        BufferedImage image;
        try {
            image = Images.resize(Images.normalize(decode(file, content)), width, height);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException(file + ": corrupt or unsupported image: " + Hashing.describe(e), e);
        }
        float[] out = new float[channels * height * width];
        Images.toFloats(image, channels, out, 0);
        return out;
    }

    /** @return whether {@code file} is a regular file with a PNG or JPEG extension and no leading dot */
    static boolean isImageFile(Path file) {
        String fileName = file.getFileName().toString();
        String lower = fileName.toLowerCase(Locale.ROOT);
        return !fileName.startsWith(".")
                && (lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg"))
                && Files.isRegularFile(file);
    }

    /** Lists a folder's entries without hidden names, sorted by name. */
    private static List<Path> list(Path dir) {
        try (Stream<Path> stream = Files.list(dir)) {
            return stream.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .collect(Collectors.toList());
        } catch (AccessDeniedException e) {
            throw new BadInputException(dir + ": cannot list the folder: permission denied", e);
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list the folder: " + Hashing.describe(e), e);
        }
    }

    private static String relativeName(Path dir, Path file) {
        Path relative = dir.relativize(file);
        List<String> parts = new ArrayList<>();
        for (Path part : relative) {
            parts.add(part.toString());
        }
        return String.join("/", parts);
    }

    /**
     * Decodes one image with ImageIO, treating a premature end of data as an error (ImageIO's JPEG reader only warns
     * about it and returns a partly gray image).
     */
    private static BufferedImage decode(Path file, byte[] content) {
        if (content.length == 0) {
            throw new BadInputException(file + ": the file is empty, expected a PNG or JPEG image");
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(content))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadInputException(file + ": not a PNG or JPEG image (unknown content)");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            try {
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                for (String warning : warnings) {
                    String lower = warning.toLowerCase(Locale.ROOT);
                    if (lower.contains("premature end") || lower.contains("truncat")) {
                        throw new BadInputException(file + ": corrupt image: " + Hashing.oneLine(warning));
                    }
                }
                if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
                    throw new BadInputException(file + ": corrupt image: no picture decoded");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": corrupt or unreadable image: " + Hashing.describe(e), e);
        }
    }
}
