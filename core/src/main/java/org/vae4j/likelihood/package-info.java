/** Observation models p(x | z) for the decoder: Bernoulli on logits, Gaussian with fixed sigma. */
package org.vae4j.likelihood;
