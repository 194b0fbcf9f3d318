/** The VAE objective: reconstruction term plus beta times the KL to the prior. */
package org.vae4j.loss;
