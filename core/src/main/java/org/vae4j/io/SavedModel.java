package org.vae4j.io;

import java.util.List;
import org.vae4j.model.VaeModel;
import org.vae4j.train.EpochMetrics;

/**
 * A model read from its folder, with its description and training history. Close it to free the model's native
 * memory.
 *
 * @param model the model, ready to use
 * @param info the folder's {@code vae4j.json}
 * @param metrics the per-epoch history; empty for an untrained model
 */
public record SavedModel(VaeModel model, ModelInfo info, List<EpochMetrics> metrics) implements AutoCloseable {
    @Override
    public void close() {
        model.close();
    }
}
