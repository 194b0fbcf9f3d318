/** Honest measures of a trained model: the ELBO and its parts. */
package org.vae4j.eval;
