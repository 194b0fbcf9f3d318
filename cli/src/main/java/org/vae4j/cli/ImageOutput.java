package org.vae4j.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.vae4j.BadInputException;
import org.vae4j.data.ImageField;
import org.vae4j.io.Npy;
import org.vae4j.io.Png;
import org.vae4j.latent.LatentCodes;

/**
 * Where a command writes images: {@code FILE.png} gets the picture, {@code FILE.npy} the images themselves as a
 * float32 NumPy array N x C x H x W (with {@code FILE.labels.npy}, int32, when the images have classes), for work in
 * Python.
 */
final class ImageOutput {
    private ImageOutput() {}

    /**
     * Checks an output file name before any work is done.
     *
     * @param option the option, e.g. {@code --out}
     * @param file the file
     * @throws BadInputException unless the name ends in .png or .npy and is not a folder
     */
    static void check(String option, Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".npy")) {
            throw new BadInputException(option + " " + file + ": expected a file name ending in .png (a picture) or "
                    + ".npy (the images as a NumPy array)");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(option + " " + file + ": is a folder, expected a .png or .npy file name");
        }
    }

    /**
     * Requires {@code --out} for a command that writes images, and checks its name.
     *
     * @param out the file given, or {@code null}
     */
    static void require(Path out) {
        if (out == null) {
            throw new BadInputException("--out is required: the .png or .npy file to write the images to");
        }
        check("--out", out);
    }

    /**
     * Writes images: the picture for {@code .png}, the arrays for {@code .npy}.
     *
     * @param file the checked output file
     * @param picture draws the picture (only called for .png)
     * @param images count x C x H x W values
     * @param count how many images
     * @param field their shape
     * @param classes the class of every image, or {@code null}
     * @return for .npy a short description of what was written to start a message with, e.g.
     *     {@code "a 10 x 1x28x28 NumPy array: "}; for .png nothing ({@code ""})
     */
    static String write(Path file, Supplier<BufferedImage> picture, float[] images, int count, ImageField field,
            int[] classes) {
        if (!isNpy(file)) {
            Png.write(picture.get(), file);
            return "";
        }
        try {
            Npy.writeFloat32(file, images, count, field.channels(), field.height(), field.width());
            if (classes != null) {
                Npy.writeInt32(LatentCodes.labelsFile(file), classes);
            }
        } catch (IOException e) {
            throw new CommandFailedException("cannot write " + file + ": " + e.getMessage());
        }
        return "a " + count + " x " + field.shape() + " NumPy array" + (classes == null ? ""
                : " with its classes in " + LatentCodes.labelsFile(file).getFileName()) + ": ";
    }

    /** @return whether the file name ends in .npy */
    static boolean isNpy(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }
}
