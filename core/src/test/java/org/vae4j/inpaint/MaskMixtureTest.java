package org.vae4j.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vae4j.BadInputException;

class MaskMixtureTest {
    @Test
    void rectanglesKeepTheirNumbersAndEveryKindIsChosenByItsShareOfTheUnitInterval() {
        MaskMixture m = MaskMixture.parse("quadrant:1, rect:1,2,3,4 ,random:0.5", "--complete");
        assertEquals(List.of("quadrant:1", "rect:1,2,3,4", "random:0.5"),
                m.kinds().stream().map(MaskSpec::toString).toList());
        assertArrayEquals(MaskSpec.parse("quadrant:1").missing(8, 8, 0, 0, null), m.draw(8, 8, 0.0, 9));
        assertArrayEquals(MaskSpec.parse("quadrant:1").missing(8, 8, 0, 0, null), m.draw(8, 8, 0.333, 9));
        assertArrayEquals(MaskSpec.parse("rect:1,2,3,4").missing(8, 8, 0, 0, null), m.draw(8, 8, 0.334, 9));
        assertArrayEquals(MaskSpec.parse("random:0.5").missing(8, 8, 9, 0, null), m.draw(8, 8, 0.9999, 9));
        // random:P draws from the seed it is given
        assertTrue(!java.util.Arrays.equals(m.draw(8, 8, 0.9, 1), m.draw(8, 8, 0.9, 2)));
    }

    @Test
    void badMixturesAreOneLineNamingTheOption() {
        assertTrue(assertThrows(BadInputException.class, () -> MaskMixture.parse("quadrant:1,blob", "--complete"))
                .getMessage().startsWith("--complete quadrant:1,blob: blob: expected"));
        assertEquals("--complete quadrant:4: quadrant:K takes K = 1, 2 or 3 (quadrants observed)",
                assertThrows(BadInputException.class, () -> MaskMixture.parse("quadrant:4", "--complete"))
                        .getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> MaskMixture.parse("file:m.png", "--complete"))
                .getMessage().contains("reads a file"));
        assertTrue(assertThrows(BadInputException.class, () -> MaskMixture.parse(" ", "--complete"))
                .getMessage().contains("no mask given"));
        MaskMixture big = MaskMixture.parse("center:10", "--complete");
        assertTrue(assertThrows(BadInputException.class, () -> big.check(8, 8)).getMessage()
                .startsWith("--complete center:10: center:10: a 10x10 square does not fit the 8x8 image"));
        assertEquals("quadrant:1,rect:1,2,3,4", MaskMixture.parse(" quadrant:1 , rect:1,2, 3,4", "--complete")
                .toString(), "one spelling, so a resumed run compares like with like");
    }
}
