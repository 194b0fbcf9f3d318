/** Training: the loop, its settings, the optimizer with saveable state, and listeners for progress. */
package org.vae4j.train;
