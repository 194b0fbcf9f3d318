/**
 * Tables (issue 12, first part): {@link org.vae4j.table.TableReader} reads CSV with a header through Jackson,
 * infers or takes each column's kind, and keeps missing cells missing; {@link org.vae4j.table.TableCodec}
 * standardises numeric columns and one-hot codes categorical ones into examples with a mask of observed values, and
 * decodes rows back into the original units and categories, and gives the per-column likelihood
 * ({@link org.vae4j.likelihood.Tabular}). A VAE of the MLP architecture with likelihood {@code tabular} trains on the coded rows; the command line does not
 * read tables yet.
 */
package org.vae4j.table;
