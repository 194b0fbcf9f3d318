package org.vae4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The encoder of a sequence VAE (Bowman et al. 2016): token ids (batch, T) as floats, {@code <pad>} = 0 after each
 * sequence, to (batch, outputs). Each id is embedded (a learned (vocabulary, embedding) table), a unidirectional GRU
 * reads the embeddings, and a linear layer maps the GRU's state at each sequence's last real token to the outputs.
 * A unidirectional GRU's state at position t depends on positions up to t only, so the padding after a sequence
 * changes neither its output nor any gradient (tested against the same sequences unpadded, one by one).
 *
 * <p>Initialised like PyTorch: the table from N(0, 1) (here uniform with the same variance, from the seeded
 * {@link Init}), the GRU and the linear layer uniform in +-1/sqrt(fan in).
 */
public final class SequenceEncoder extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Parameter table;
    private final GRU gru;
    private final Linear out;
    private final int vocabulary;
    private final int embedding;
    private final int state;
    private final int outputs;

    /**
     * @param vocabulary the number of token ids
     * @param embedding the embedding size
     * @param state the GRU's state size
     * @param outputs the output width (2 * latent for a mean and a log-variance)
     * @param init the seeded initialisation
     */
    public SequenceEncoder(int vocabulary, int embedding, int state, int outputs, Init init) {
        super(VERSION);
        this.vocabulary = vocabulary;
        this.embedding = embedding;
        this.state = state;
        this.outputs = outputs;
        table = addParameter(table(vocabulary, embedding, init));
        gru = addChildBlock("gru", gru(state, init));
        out = addChildBlock("out", linear(outputs, state, init));
    }

    /** The embedding table of both sequence blocks: (vocabulary, embedding), N(0, 1)'s variance. */
    static Parameter table(int vocabulary, int embedding, Init init) {
        return Parameter.builder().setName("embedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabulary, embedding)).optInitializer(init.uniform(Math.sqrt(3))).build();
    }

    /** One batch-first GRU layer, weights and biases uniform in +-1/sqrt(state) as PyTorch's. */
    static GRU gru(int state, Init init) {
        GRU gru = GRU.builder().setStateSize(state).setNumLayers(1).optBatchFirst(true).optReturnState(false)
                .build();
        gru.setInitializer(init.uniform(1 / Math.sqrt(state)), Parameter.Type.WEIGHT);
        gru.setInitializer(init.uniform(1 / Math.sqrt(state)), Parameter.Type.BIAS);
        return gru;
    }

    /** A dense layer, weights and biases uniform in +-1/sqrt(fan in) as PyTorch's. */
    static Linear linear(int units, long fanIn, Init init) {
        Linear layer = Linear.builder().setUnits(units).build();
        layer.setInitializer(init.fanIn(fanIn), Parameter.Type.WEIGHT);
        layer.setInitializer(init.fanIn(fanIn), Parameter.Type.BIAS);
        return layer;
    }

    /**
     * Embeds token ids.
     *
     * @param store the parameter store
     * @param table the embedding parameter
     * @param ids (batch, T) ids as floats
     * @param training whether in training mode
     * @return (batch, T, embedding)
     */
    static NDArray embed(ParameterStore store, Parameter table, NDArray ids, boolean training) {
        // borrowed into the batch's manager: an op's result joins its first operand's manager, and the table's is
        // the model's, where every batch's embeddings, states and logits would otherwise pile up
        NDArray weight = org.vae4j.Tensors.borrow(store.getValue(table, ids.getDevice(), training), ids.getManager());
        Shape s = ids.getShape();
        NDArray flat = ids.toType(DataType.INT64, false).reshape(-1);
        return weight.get(new NDIndex("{}", flat)).reshape(s.get(0), s.get(1), weight.getShape().get(1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.head();
        NDArray states = gru.forward(store, new NDList(embed(store, table, ids, training)), training).head();
        // the state at each sequence's last real token: position (number of ids that are not padding) - 1
        NDArray last = ids.neq(0).toType(DataType.INT64, false).sum(new int[] {1}).sub(1).maximum(0);
        NDArray index = last.reshape(-1, 1, 1).broadcast(new Shape(states.getShape().get(0), 1, state));
        NDArray at = states.gather(index, 1).squeeze(1);
        return out.forward(store, new NDList(at), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputs)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        long steps = inputShapes[0].get(1);
        gru.initialize(manager, dataType, new Shape(batch, steps, embedding));
        out.initialize(manager, dataType, new Shape(batch, state));
    }

    /** @return the number of token ids */
    public int vocabulary() {
        return vocabulary;
    }
}
