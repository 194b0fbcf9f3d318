/** Generating with a model: samples from the prior, per class, and style transfer between classes. */
package org.vae4j.generate;
