/**
 * Image data for training and evaluating variational autoencoders.
 *
 * <p>{@link org.vae4j.image.ImageDataset} holds images in memory as floats in [0, 1]. The readers turn files into
 * datasets:
 *
 * <ul>
 *   <li>{@link org.vae4j.image.IdxReader}: MNIST-format IDX files, raw or gzip-compressed;
 *   <li>{@link org.vae4j.image.ImageFolderReader}: a folder of PNG or JPEG images, one subfolder per class;
 *   <li>{@link org.vae4j.data.NamedDatasetLoader}: the named datasets {@code fashion-mnist} and {@code mnist}
 *       (see {@link org.vae4j.data.NamedDataset}), found in a cache folder or a system folder, or downloaded, and
 *       always verified by SHA-256.
 * </ul>
 *
 * <p>{@link org.vae4j.data.DataSources} is the entry point: it turns a data specification such as
 * {@code fashion-mnist:test}, {@code idx:IMAGES,LABELS} or {@code folder:DIR} into a dataset, using the settings in
 * {@link org.vae4j.data.DataOptions}.
 *
 * <p>Every problem with the input is reported as an {@link org.vae4j.BadInputException} whose message is one line
 * naming the file and what was expected.
 */
package org.vae4j.data;
