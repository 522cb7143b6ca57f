package io.sigdrift.signatures;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** User-defined masks: an in-house id no built-in rule knows, as a user would declare it. */
class UserMasksTest {
    /** An order id of a made-up shop: "ORD-" and six digits. */
    static final String ORDER = "ORDER=ORD-\\d{6}";
    /** A tenant code: three capitals, '_', a lower-case region. */
    static final String TENANT = "TENANT=[A-Z]{3}_[a-z]+";

    static SignatureEngine engine(String... specs) {
        return new SignatureEngine(EngineConfig.builder().masks(UserMasks.fromSpecs(List.of(specs))).build());
    }

    @Test
    void aTokenMatchingAMaskBecomesItsNameAndItsTextAParameter() {
        SignatureEngine e = engine(ORDER, TENANT);
        e.add("order ORD-004211 for ACM_eu shipped from warehouse 7");
        Match m = e.add("order ORD-918273 for GLX_us shipped from warehouse 12");
        assertEquals("order <ORDER> for <TENANT> shipped from warehouse <NUM>", m.signature().template());
        assertEquals(SignatureIds.idOf("order <ORDER> for <TENANT> shipped from warehouse <NUM>"), m.signature().id());
        assertEquals("order <*> for <*> shipped from warehouse <*>", m.signature().loghubTemplate());
        List<Parameter> last = new ArrayList<>();
        e.lastParameters((pos, type, text, s, end) -> last.add(new Parameter(pos, type, text.substring(s, end))));
        assertEquals(List.of(new Parameter(1, "ORDER", "ORD-918273"), new Parameter(3, "TENANT", "GLX_us"),
                new Parameter(7, "NUM", "12")), last);
        assertEquals(last, e.parameters("order ORD-918273 for GLX_us shipped from warehouse 12", m.signature()));
    }

    @Test
    void withoutMasksTheSameLinesKeepTheBuiltInTemplate() {
        Signature s = engine().add("order ORD-004211 for ACM_eu shipped").signature();
        assertFalse(s.template().contains("ORDER"), s.template());
        assertEquals(EngineConfig.defaults().masks(), UserMasks.none());
    }

    @Test
    void punctuationAroundAMaskedValueAndKeyValueValuesStayLiteral() {
        SignatureEngine e = engine(ORDER);
        assertEquals("cancelled (<ORDER>), refund pending",
                e.add("cancelled (ORD-000001), refund pending").signature().template());
        assertEquals("cart order=<ORDER> items=<NUM>", e.add("cart order=ORD-555555 items=3").signature().template());
    }

    @Test
    void aTokenThatDoesNotMatchTheWholePatternIsMaskedAsUsual() {
        SignatureEngine e = engine(ORDER);
        // five digits, seven digits, a prefix: none is an ORDER, so the built-in rules decide
        for (String line : List.of("lookup ORD-12345 failed", "lookup ORD-1234567 failed", "lookup xORD-123456 failed")) {
            assertFalse(e.add(line).signature().template().contains("<ORDER>"), line);
        }
    }

    @Test
    void theFirstMatchingMaskWins() {
        SignatureEngine e = engine("LONGID=[A-Z]+-\\d+", ORDER);
        assertEquals("got <LONGID>", e.add("got ORD-123456").signature().template());
    }

    @Test
    void thePrefilterIsDerivedFromPlainPatterns() {
        UserMask order = UserMask.parse(ORDER);
        assertEquals(10, order.minChars());
        assertEquals(10, order.maxChars());
        assertTrue(order.mayMatch('O', 10));
        assertFalse(order.mayMatch('X', 10));
        assertFalse(order.mayMatch('O', 11));
        UserMask tenant = UserMask.parse(TENANT);
        assertEquals(5, tenant.minChars());
        assertEquals(UserMask.DEFAULT_MAX_CHARS, tenant.maxChars());
        assertTrue(tenant.mayMatch('Q', 7));
        assertFalse(tenant.mayMatch('q', 7));
        // a group or an alternation: any first char, the default length bound
        UserMask alt = UserMask.parse("COLOR=(red|green)-\\d+");
        assertTrue(alt.mayMatch('z', 1));
        assertFalse(alt.mayMatch('r', UserMask.DEFAULT_MAX_CHARS + 1));
    }

    @Test
    void badMasksAreErrorsNamingTheMask() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> UserMask.parse("ORDER=ORD-(\\d+"));
        assertTrue(bad.getMessage().startsWith("mask ORDER: bad pattern 'ORD-(\\d+'"), bad.getMessage());
        assertFalse(bad.getMessage().contains("\n"), "one line");
        assertThrows(IllegalArgumentException.class, () -> UserMask.parse("ORDER"));
        assertThrows(IllegalArgumentException.class, () -> UserMask.parse("ORDER="));
        assertThrows(IllegalArgumentException.class, () -> UserMask.parse("1ORDER=x"));
        IllegalArgumentException builtIn = assertThrows(IllegalArgumentException.class, () -> UserMask.parse("IP=x"));
        assertTrue(builtIn.getMessage().contains("built-in"), builtIn.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> UserMasks.fromSpecs(List.of(ORDER, "ORDER=x")));
        assertTrue(twice.getMessage().contains("ORDER"), twice.getMessage());
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= UserMasks.MAX_MASKS; i++) {
            many.add("M" + i + "=x" + i);
        }
        assertThrows(IllegalArgumentException.class, () -> UserMasks.fromSpecs(many));
    }

    @Test
    void aMasksFileHasCommentsAndNamesTheBadLine() {
        List<UserMask> ok = UserMasks.parseLines(List.of("# shop ids", "", ORDER, "  " + TENANT), "masks.txt");
        assertEquals(List.of("ORDER", "TENANT"), ok.stream().map(UserMask::name).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserMasks.parseLines(List.of(ORDER, "BAD=[a-"), "masks.txt"));
        assertTrue(e.getMessage().startsWith("masks.txt:2: mask BAD: bad pattern"), e.getMessage());
    }

    /**
     * Backtracking patterns: {@code (a+)+$} is the classic exponential one (JDK 9+ memoises that loop, so it is
     * merely slow on a long token); {@code (.*a){12}} is polynomial of degree 12 and still explodes on JDK 17
     * (about a second for 22 chars here, growing as a high power of the length). Neither may stall the
     * engine: the step budget gives up.
     */
    @Test
    void aCatastrophicBacktrackingPatternCannotStallTheEngine() {
        for (String spec : List.of("BAD=(a+)+$", "BAD=(.*a){12}")) {
            SignatureEngine e = engine(spec);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int i = 0; i < 20; i++) {
                    e.add("input " + "a".repeat(40 + i) + "! rejected");
                }
            }, spec);
            if (spec.contains("{12}")) {
                assertTrue(e.userMaskAborts() > 0, spec);
            }
        }
        assertEquals("input <BAD> ok", engine("BAD=(a+)+$").add("input aaaaa ok").signature().template());
    }

    @Test
    void aPatternThatTellsDigitsApartStillDecidesPerLine() {
        // "1" followed by five digits: lines of one shape (same digit-run lengths) differ in the mask's verdict,
        // so the engine must not reuse the verdict of an earlier line of the same shape
        SignatureEngine e = engine("HOT=ORD-1\\d{5}");
        assertFalse(UserMask.parse("HOT=ORD-1\\d{5}").digitBlind());
        assertTrue(UserMask.parse(ORDER).digitBlind());
        assertTrue(UserMask.parse("X=[a-f0-9]{8}").digitBlind());
        assertEquals("ship <HOT> now", e.add("ship ORD-123456 now").signature().template());
        // masked as something else: the template must change (a reused verdict would be Change.NONE)
        assertNotEquals(Change.NONE, e.add("ship ORD-223456 now").change());
        SignatureEngine other = engine("HOT=ORD-1\\d{5}");
        assertFalse(other.add("ship ORD-223456 now").signature().template().contains("HOT"));
        assertNotEquals(Change.NONE, other.add("ship ORD-123456 now").change());
    }

    @Test
    void stateWithMasksRestoresWithTheSameMasksOnly() {
        SignatureEngine e = engine(ORDER);
        String id = e.add("order ORD-004211 paid").signature().id();
        e.add("order ORD-004212 paid");
        EngineState state = EngineStateCodec.read(EngineStateCodec.write(e.snapshot()));
        assertEquals(List.of(ORDER), state.masks);
        EngineConfig same = EngineConfig.builder().masks(UserMasks.fromSpecs(List.of(TENANT, ORDER))).build();
        SignatureEngine restored = SignatureEngine.restore(state, same);
        Match m = restored.add("order ORD-777777 paid");
        assertEquals(id, m.signature().id());
        assertEquals(Change.NONE, m.change());
        assertEquals("order <ORDER> paid", m.signature().template());

        IllegalArgumentException gone = assertThrows(IllegalArgumentException.class,
                () -> SignatureEngine.restore(state, EngineConfig.defaults()));
        assertTrue(gone.getMessage().contains("ORDER"), gone.getMessage());
        EngineConfig changed = EngineConfig.builder().masks(UserMasks.fromSpecs(List.of("ORDER=ORD-\\d+"))).build();
        assertThrows(IllegalArgumentException.class, () -> SignatureEngine.restore(state, changed));
    }

    @Test
    void stateWrittenBeforeMasksExistedRestoresWithMasks() throws Exception {
        byte[] v1;
        try (var in = getClass().getResourceAsStream(EngineStateTest.V1_FILE)) {
            v1 = in.readAllBytes();
        }
        EngineState old = EngineStateCodec.read(v1);
        SignatureEngine plain = SignatureEngine.restore(old, EngineConfig.defaults());
        SignatureEngine masked = SignatureEngine.restore(EngineStateCodec.read(v1),
                EngineConfig.builder().masks(UserMasks.fromSpecs(List.of(ORDER))).build());
        assertEquals(plain.stats(), masked.stats());
        assertEquals(plain.signatures().stream().map(Signature::id).toList(),
                masked.signatures().stream().map(Signature::id).toList());
    }

    /** reduce's path: the parameters of the line just added must equal those of masking the line afresh. */
    @Test
    void lastParametersEqualParametersOfAFreshMaskingForEveryLine() throws Exception {
        for (String spec : List.of("", ORDER)) {
            SignatureEngine e = spec.isEmpty() ? engine() : engine(spec);
            List<String> lines = new ArrayList<>(EngineStateTest.fixtureLines());
            lines.addAll(EngineStateTest.fixtureLines()); // the second time most lines take the shape path
            for (String line : lines) {
                Signature s = e.add(line).signature();
                List<Parameter> last = new ArrayList<>();
                e.lastParameters((pos, type, text, st, en) -> last.add(new Parameter(pos, type, text.substring(st, en))));
                assertEquals(e.parameters(line, s), last, line);
            }
        }
    }
}
