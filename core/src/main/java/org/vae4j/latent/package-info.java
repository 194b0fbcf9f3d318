/**
 * The latent space: what a model's encoder makes of data, and pictures of it.
 *
 * <ul>
 *   <li>{@link org.vae4j.latent.LatentCodes}: a dataset's means and log-variances of q(z|x) with labels, written as
 *       CSV or NumPy {@code .npy};
 *   <li>{@link org.vae4j.latent.Projection}: points to 2-D, with {@link org.vae4j.latent.Pca PCA} (EJML's symmetric
 *       eigendecomposition) or exact {@link org.vae4j.latent.Tsne t-SNE} (pairwise math on the DJL engine);
 *   <li>{@link org.vae4j.latent.LatentPlots}: the latent scatter plot coloured by class, and the manifold of
 *       decodings over the prior's quantiles for 2-D latent spaces;
 *   <li>{@link org.vae4j.latent.Interpolation}: paths between two examples' codes, linear or spherical;
 *   <li>{@link org.vae4j.latent.Traversal}: one dimension at a time over a range, rows sorted by KL.
 * </ul>
 *
 * <p>Everything random (subsets, t-SNE's start) is drawn from a seed: the same inputs and seed give the same output.
 */
package org.vae4j.latent;
