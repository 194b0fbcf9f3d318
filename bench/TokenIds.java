import java.nio.file.Path;
import org.vae4j.data.DataOptions;
import org.vae4j.data.DataSources;
import org.vae4j.data.ExampleSet;
import org.vae4j.data.TokenSequenceField;
import org.vae4j.io.Npy;
import org.vae4j.text.TextOptions;
import org.vae4j.text.TokenData;

/**
 * Writes the token ids vae4j reads from text files as NumPy arrays, so that the PyTorch reference of the
 * sequence-VAE benchmark trains on exactly the ids vae4j trains on: the vocabulary is built from the training file
 * with the given settings, as {@code vae4j train} builds it, and every file is read with it.
 *
 * <pre>
 * java -cp cli/target/vae4j.jar bench/TokenIds.java --out DIR --max-length N --min-count C text:TRAIN text:VALID ...
 * </pre>
 *
 * Writes DIR/0.npy, DIR/1.npy, ... (float32 rows: ids, then {@code <eos>} (3), then padding (0), maxLength + 1
 * wide) and prints the vocabulary size.
 */
public final class TokenIds {
    public static void main(String[] args) throws Exception {
        Path out = null;
        Integer maxLength = null;
        int minCount = 1;
        String tokens = null;
        java.util.List<String> specs = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--max-length" -> maxLength = Integer.parseInt(args[++i]);
                case "--min-count" -> minCount = Integer.parseInt(args[++i]);
                case "--tokens" -> tokens = args[++i];
                default -> specs.add(args[i]);
            }
        }
        if (out == null || specs.isEmpty()) {
            System.err.println("usage: TokenIds --out DIR [--max-length N] [--min-count C] [--tokens KIND] SPEC...");
            System.exit(2);
        }
        java.nio.file.Files.createDirectories(out);
        DataSources sources = new DataSources(DataOptions.defaults(), new TextOptions(tokens, false, maxLength,
                minCount), System.err::println);
        ExampleSet train = sources.load(specs.get(0), "train");
        TokenSequenceField field = (TokenSequenceField) train.schema().inputs().get(0);
        for (int i = 0; i < specs.size(); i++) {
            ExampleSet data = i == 0 ? train : sources.loadFor(specs.get(i), "data", train.schema());
            Npy.writeFloat32(out.resolve(i + ".npy"), TokenData.rows(data), data.size(), field.size());
        }
        System.out.println(field.vocabulary().size());
    }
}
