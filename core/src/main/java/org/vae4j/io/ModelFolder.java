package org.vae4j.io;

import java.util.List;
import org.vae4j.model.LatentModel;
import org.vae4j.train.EpochMetrics;

/**
 * A model folder read from disk: the model, its description and its training history. Close it to free the
 * model's native memory.
 *
 * @param model the model, ready to use
 * @param info the folder's {@code vae4j.json}
 * @param metrics the per-epoch history; empty for an untrained model
 */
public record ModelFolder(LatentModel model, ModelInfo info, List<EpochMetrics> metrics) implements AutoCloseable {
    @Override
    public void close() {
        model.close();
    }
}
