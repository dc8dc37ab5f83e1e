package io.pulse.contracts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocationScopeTest {

    @Test
    void aScopeCoversItselfAndWhatLiesBelowIt() {
        assertTrue(LocationScope.within("plant-1", "plant-1"));
        assertTrue(LocationScope.within("plant-1/line-1", "plant-1"));
        assertTrue(LocationScope.within("plant-1/line-1/cell-3", "plant-1"));
        assertFalse(LocationScope.within("plant-10", "plant-1"), "a prefix is not a parent");
        assertFalse(LocationScope.within("plant-1", "plant-1/line-1"), "a line does not cover its plant");
        assertFalse(LocationScope.within("ab", "a"));
    }

    @Test
    void anyScopeOfASetMayCover() {
        assertTrue(LocationScope.coveredBy("plant-2/line-1", Set.of("plant-1", "plant-2")));
        assertFalse(LocationScope.coveredBy("plant-3/line-1", Set.of("plant-1", "plant-2")));
        assertFalse(LocationScope.coveredBy("plant-1", Set.of()));
    }

    @Test
    void scopesCoveringALocationWalkUpThePath() {
        assertEquals(List.of("a/b/c", "a/b", "a"), LocationScope.scopesCovering("a/b/c"));
        assertEquals(List.of("a"), LocationScope.scopesCovering("a"));
        for (String scope : LocationScope.scopesCovering("a/b/c")) {
            assertTrue(LocationScope.within("a/b/c", scope));
        }
    }
}
