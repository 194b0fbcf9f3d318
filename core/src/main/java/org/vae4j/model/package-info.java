/**
 * Models: families ({@code vae}) composed from architectures ({@code mlp}, {@code conv}) and a likelihood head,
 * found by name; {@link org.vae4j.model.LatentModel} holds one with its weights.
 */
package org.vae4j.model;
