/**
 * Token sequences, the data of the sequence VAE: tokenizers for words, characters and SMILES ({@link
 * org.vae4j.text.Tokenizer}), the vocabulary with its special tokens ({@link org.vae4j.text.Vocabulary}), and the
 * reader of {@code text:} and {@code smiles:} files ({@link org.vae4j.text.TextCorpus}).
 */
package org.vae4j.text;
