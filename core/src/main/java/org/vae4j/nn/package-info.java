/** Network building blocks DJL's PyTorch engine lacks, built from operations it has. */
package org.vae4j.nn;
