/**
 * Tables (issue 12, first part): {@link org.vae4j.table.TableReader} reads CSV with a header through Jackson,
 * infers or takes each column's kind, and keeps missing cells missing; {@link org.vae4j.table.TableCodec}
 * standardises numeric columns and one-hot codes categorical ones into examples with a mask of observed values, and
 * decodes rows back into the original units and categories. Not yet wired to a model, a likelihood per column or the
 * command line.
 */
package org.vae4j.table;
