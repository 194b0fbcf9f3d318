/**
 * Objectives as named terms: the ELBO (reconstruction and KL, with beta, KL warm-up and free bits) and the KL to the
 * standard normal prior.
 */
package org.vae4j.loss;
