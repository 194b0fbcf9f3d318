package org.vae4j.model;

/**
 * The settings of a family's training objective: the {@code objective} section of {@code vae4j.json}. Each family
 * has its own record type ({@link Family#objectiveType()}), read strictly by the family's name.
 */
public interface ObjectiveSpec {
    /** @return a short description for headers and {@code info}, e.g. {@code beta 1.0} */
    String describe();
}
