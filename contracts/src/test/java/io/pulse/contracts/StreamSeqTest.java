package io.pulse.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamSeqTest {

    private static boolean after(String seq, String other) {
        return StreamSeq.parse(seq).after(StreamSeq.parse(other));
    }

    @Test
    void theCounterIsOrderedAsANumberNotAsText() {
        assertTrue(after("1-10", "1-9"));
        assertFalse(after("1-9", "1-10"));
        assertTrue(after("1763769600002-100", "1763769600002-99"));
    }

    @Test
    void theTimePartComesFirst() {
        assertTrue(after("2-0", "1-99"));
        assertFalse(after("1-99", "2-0"));
        assertTrue(after("10-0", "9-5"), "ten milliseconds after nine, though \"10\" < \"9\" as text");
    }

    @Test
    void anEntryIsNotAfterItself() {
        assertFalse(after("5-3", "5-3"));
        assertEquals(0, StreamSeq.parse("5-3").compareTo(StreamSeq.parse("5-3")));
        assertEquals(StreamSeq.parse("5-3"), new StreamSeq(5, 3));
    }

    @Test
    void sortsAsRedisOrdersEntries() {
        List<StreamSeq> seqs = List.of("2-0", "1-10", "0-0", "1-9", "1-99", "10-1").stream()
                .map(StreamSeq::parse).sorted().toList();
        assertEquals(List.of("0-0", "1-9", "1-10", "1-99", "2-0", "10-1"),
                seqs.stream().map(StreamSeq::toString).toList());
    }

    @Test
    void writesBackAsRedisWritesIt() {
        assertEquals("1763769600002-5", StreamSeq.parse("1763769600002-5").toString());
        assertEquals("9223372036854775807-9223372036854775807",
                StreamSeq.parse("9223372036854775807-9223372036854775807").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12", "-", "1-", "-1", "-1-0", "1--2", "+1-0", "1-+2", "1-0-0", " 1-0", "1-0 ", "a-1",
            "1-b", "1.5-0", "9223372036854775808-0", "0-9223372036854775808", "99999999999999999999-0",
            "18446744073709551616-0", "00000000000000000001-0"})
    void malformedIdsAreRefusedNamingTheText(String text) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> StreamSeq.parse(text));
        assertTrue(refused.getMessage().startsWith("not a stream entry id <millis>-<n> ("), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("'" + text + "'"), refused.getMessage());
    }

    @Test
    void noTextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StreamSeq.parse(null));
        assertThrows(IllegalArgumentException.class, () -> new StreamSeq(-1, 0));
    }

    @Test
    void aLongTextIsCutInTheError() {
        String text = "1-" + "x".repeat(10_000);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> StreamSeq.parse(text));
        assertTrue(refused.getMessage().length() < 200, refused.getMessage());
    }
}
