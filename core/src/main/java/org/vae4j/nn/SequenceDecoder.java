package org.vae4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The decoder of a sequence VAE (Bowman et al. 2016), run with teacher forcing: inputs {z (batch, latent), the
 * target ids (batch, T)}; the GRU reads the targets shifted right behind {@code <bos>} ({@link #shiftRight}); output
 * the logits of every position, (batch, T * vocabulary), in the layout {@link org.vae4j.likelihood.Categorical}
 * reads. The GRU's initial state is a linear function of z; with {@code zEveryStep}, z is also concatenated to the
 * embedding of every input step. A unidirectional GRU's output at position t depends on the inputs up to t only,
 * so what follows a sequence's end does not change its logits.
 */
public final class SequenceDecoder extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Parameter table;
    private final Linear initial;
    private final GRU gru;
    private final Linear out;
    private final int vocabulary;
    private final int embedding;
    private final int state;
    private final int latent;
    private final boolean zEveryStep;

    /**
     * @param vocabulary the number of token ids
     * @param embedding the embedding size
     * @param state the GRU's state size
     * @param latent the latent size
     * @param zEveryStep whether z is also an input of every step
     * @param init the seeded initialisation
     */
    public SequenceDecoder(int vocabulary, int embedding, int state, int latent, boolean zEveryStep, Init init) {
        super(VERSION);
        this.vocabulary = vocabulary;
        this.embedding = embedding;
        this.state = state;
        this.latent = latent;
        this.zEveryStep = zEveryStep;
        table = addParameter(SequenceEncoder.table(vocabulary, embedding, init));
        initial = addChildBlock("initial", SequenceEncoder.linear(state, latent, init));
        gru = addChildBlock("gru", SequenceEncoder.gru(state, init));
        out = addChildBlock("out", SequenceEncoder.linear(vocabulary, state, init));
    }

    /**
     * The decoder's input ids for target rows: {@code <bos>} (id 2), then each row without its last id.
     *
     * @param targets (batch, T) ids as floats
     * @return (batch, T)
     */
    public static NDArray shiftRight(NDArray targets) {
        long b = targets.getShape().get(0);
        long t = targets.getShape().get(1);
        NDArray bos = targets.getManager().full(new Shape(b, 1), 2f, DataType.FLOAT32);
        return NDArrays.concat(new NDList(bos, targets.get(":, :" + (t - 1))), 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z = inputs.get(0);
        NDArray ids = shiftRight(inputs.get(1));
        long b = ids.getShape().get(0);
        long t = ids.getShape().get(1);
        NDArray x = SequenceEncoder.embed(store, table, ids, training);
        if (zEveryStep) {
            x = NDArrays.concat(new NDList(x, z.expandDims(1).broadcast(new Shape(b, t, latent))), 2);
        }
        NDArray h0 = initial.forward(store, new NDList(z), training).head().expandDims(0);
        NDArray states = gru.forward(store, new NDList(x, h0), training).head();
        NDArray logits = out.forward(store, new NDList(states.reshape(b * t, state)), training).head();
        return new NDList(logits.reshape(b, t * vocabulary));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[1].get(0), inputShapes[1].get(1) * vocabulary)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[1].get(0);
        long steps = inputShapes[1].get(1);
        initial.initialize(manager, dataType, new Shape(batch, latent));
        gru.initialize(manager, dataType, new Shape(batch, steps, embedding + (zEveryStep ? latent : 0)),
                new Shape(1, batch, state));
        out.initialize(manager, dataType, new Shape(batch * steps, state));
    }
}
