/**
 * Tables (issue 12, first part): {@link org.vae4j.table.TableReader} reads CSV with a header through Jackson,
 * infers or takes each column's kind, and keeps missing cells missing; {@link org.vae4j.table.TableCodec}
 * standardises numeric columns and one-hot codes categorical ones into examples with a mask of observed values, and
 * decodes rows back into the original units and categories, and gives the per-column likelihood
 * ({@link org.vae4j.likelihood.Tabular}). Not yet wired to a model family or the command line.
 */
package org.vae4j.table;
