/**
 * Pictures of what a VAE does: PNG image grids (samples, inputs above their reconstructions) and training curves.
 *
 * <p>{@link org.vae4j.plot.ImageGrid} turns N x C x H x W float pixels in [0, 1] into one grid picture and writes
 * PNG files atomically; {@link org.vae4j.plot.LossCurves} draws the loss, reconstruction and KL terms per epoch with
 * JFreeChart. Everything here works in a headless JVM (no display needed) and changes no global settings.
 */
package org.vae4j.plot;
