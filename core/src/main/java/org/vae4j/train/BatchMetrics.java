package org.vae4j.train;

import java.util.Map;

/**
 * Losses of one training batch, in nats per example.
 *
 * @param epoch the epoch, from 1
 * @param batch the batch within the epoch, from 1
 * @param batches batches in the epoch
 * @param loss the objective's reported loss (for a VAE recon + beta * KL)
 * @param terms each term's mean over the batch, in the objective's order
 */
public record BatchMetrics(int epoch, int batch, int batches, double loss, Map<String, Double> terms) {}
