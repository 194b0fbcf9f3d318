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
     * @param latent the latent size; 0 for a language model, whose first state is zero
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
        // A language model (latent 0) starts from the zero state and has no such layer.
        initial = latent == 0 ? null : addChildBlock("initial", SequenceEncoder.linear(state, latent, init));
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

    /**
     * Word dropout (Bowman et al. 2016): replaces each real token of the decoder's input rows by {@code <unk>} (id
     * 1) with probability {@code p}; padding, {@code <unk>}, {@code <bos>} and {@code <eos>} stay. The targets the
     * likelihood scores are not changed.
     *
     * @param ids (batch, T) ids as floats
     * @param p the probability, in [0, 1)
     * @param noise the step's random source
     * @return the rows with dropped tokens, or {@code ids} itself when {@code p} is 0
     */
    public static NDArray dropWords(NDArray ids, double p, org.vae4j.Noise noise) {
        if (p <= 0) {
            return ids;
        }
        NDArray u = noise.uniform(ids.getManager(), ids.getShape());
        NDArray drop = u.lt((float) p).logicalAnd(ids.gte(4f));
        return NDArrays.where(drop, ids.onesLike(), ids);
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
        NDArray h0 = initial == null ? ids.getManager().zeros(new Shape(1, b, state))
                : initial.forward(store, new NDList(z), training).head().expandDims(0);
        NDArray states = gru.forward(store, new NDList(x, h0), training).head();
        NDArray logits = out.forward(store, new NDList(states.reshape(b * t, state)), training).head();
        return new NDList(logits.reshape(b, t * vocabulary));
    }

    /**
     * The state the decoder starts from: linear in z, or zero for a language model.
     *
     * @param store the parameter store
     * @param z (batch, latent), width 0 for a language model
     * @return (1, batch, state)
     */
    public NDArray firstState(ParameterStore store, NDArray z) {
        long b = z.getShape().get(0);
        return initial == null ? z.getManager().zeros(new Shape(1, b, state))
                : initial.forward(store, new NDList(z), false).head().expandDims(0);
    }

    /**
     * One step of decoding, for sampling and beam search without running the whole prefix again: reads each row's
     * previous token and state, and gives the logits of the next token and the new state. Steps from
     * {@link #firstState} fed {@code <bos>} and then the tokens of a sequence give the logits {@link #forward} gives
     * for it.
     *
     * @param store the parameter store
     * @param state (1, batch, state)
     * @param previous (batch) ids as floats ({@code <bos>}, id 2, first)
     * @param z (batch, latent), read when z enters every step
     * @return the logits (batch, vocabulary) and the new state (1, batch, state)
     */
    public NDList step(ParameterStore store, NDArray state, NDArray previous, NDArray z) {
        long b = previous.getShape().get(0);
        NDArray x = SequenceEncoder.embed(store, table, previous.reshape(b, 1), false);
        if (zEveryStep) {
            x = NDArrays.concat(new NDList(x, z.expandDims(1)), 2);
        }
        NDArray h = gru.forward(store, new NDList(x, state), false).head(); // (b, 1, state): the new state
        NDArray logits = out.forward(store, new NDList(h.reshape(b, this.state)), false).head();
        return new NDList(logits, h.reshape(1, b, this.state));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[1].get(0), inputShapes[1].get(1) * vocabulary)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[1].get(0);
        long steps = inputShapes[1].get(1);
        if (initial != null) {
            initial.initialize(manager, dataType, new Shape(batch, latent));
        }
        gru.initialize(manager, dataType, new Shape(batch, steps, embedding + (zEveryStep ? latent : 0)),
                new Shape(1, batch, state));
        out.initialize(manager, dataType, new Shape(batch * steps, state));
    }
}
