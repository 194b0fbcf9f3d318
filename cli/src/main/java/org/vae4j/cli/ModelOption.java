package org.vae4j.cli;

import java.nio.file.Path;
import org.vae4j.io.ModelFolder;
import org.vae4j.io.ModelStore;
import picocli.CommandLine.Option;

/** The {@code --model DIR} option of commands that use a trained model. */
final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder written by train.")
    Path dir;

    ModelFolder load() {
        return ModelStore.load(dir);
    }

    /**
     * Loads a model whose latent space has the prior N(0, I), refusing a completion model in one line.
     *
     * @param command the command's name, for the message
     * @return the folder
     */
    ModelFolder loadVae(String command) {
        return requireVae(load(), command);
    }

    private ModelFolder requireVae(ModelFolder folder, String command) {
        if (!folder.model().objective().variational()) {
            String family = folder.model().definition().family();
            folder.close();
            if (family.equals(org.vae4j.model.LanguageModelFamily.NAME)) {
                throw new org.vae4j.BadInputException("--model " + dir + " is a language model (family lm) without a "
                        + "latent space; vae4j " + command + " needs a sequence VAE (family vae)");
            }
            throw new org.vae4j.BadInputException("--model " + dir + " is a completion model (family " + family
                    + "); vae4j " + command + " needs a vae-family model; fill images with vae4j inpaint");
        }
        return folder;
    }

    /**
     * Loads a model that generates from its prior: a vae-family model, or a language model (family lm), which
     * generates from its first state.
     *
     * @param command the command's name, for the message
     * @return the folder
     */
    ModelFolder loadGenerative(String command) {
        ModelFolder folder = load();
        if (folder.model().definition().family().equals(org.vae4j.model.LanguageModelFamily.NAME)) {
            return folder;
        }
        return requireVae(folder, command);
    }

}
