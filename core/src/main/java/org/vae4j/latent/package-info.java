/** The latent space: interpolations between examples and traversals of latent dimensions. */
package org.vae4j.latent;
