/** VAE architectures ({@link org.vae4j.model.VaeConfig}), the network block and the trained model. */
package org.vae4j.model;
