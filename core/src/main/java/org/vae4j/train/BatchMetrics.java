package org.vae4j.train;

/**
 * Losses of one training batch, in nats per example.
 *
 * @param epoch the epoch, from 1
 * @param batch the batch within the epoch, from 1
 * @param batches batches in the epoch
 * @param loss reconstruction + beta * KL
 * @param recon the reconstruction term
 * @param kl the KL term
 */
public record BatchMetrics(int epoch, int batch, int batches, double loss, double recon, double kl) {}
