package org.vae4j;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs {@link EngineWarmUp} before every test class (registered for all tests through
 * {@code META-INF/services} and {@code junit-platform.properties}): tests of single pieces (likelihoods, KL, Adam)
 * compute on the engine without a {@code LatentModel}, and must see the same arithmetic as the library does.
 */
public final class EngineWarmUpExtension implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        EngineWarmUp.once();
    }
}
