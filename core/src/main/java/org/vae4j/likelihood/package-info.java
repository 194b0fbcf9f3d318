/**
 * Observation models p(x | z), the likelihood heads of a model: Bernoulli on logits, Gaussian with a fixed, a global
 * or a per-value learned variance. Each scores observed values only when given a mask.
 */
package org.vae4j.likelihood;
