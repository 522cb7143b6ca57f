package io.sigdrift.signatures;

/**
 * The general masking and clustering rules whose firings the engine counts ({@link SignatureEngine#ruleFirings()}),
 * so an evaluation can see which rule acts on which log type: a rule that fires on one system alone is suspect
 * of being fitted to it (the leave-one-system-out report of {@code bin/bench accuracy --loso}).
 *
 * <p>Masking rules count once per event that went through the masker (an event of a known shape skips masking
 * and is not counted again); clustering rules count once per decision.
 */
public enum Rule {
    /** A date or time phrase, possibly over several tokens, is one TIME value ({@link DatePhrase}). */
    DATE_PHRASE,
    /** Epoch seconds or milliseconds heading an event is its time. */
    EPOCH_HEAD,
    /** A size unit written apart from its number ("21.1 KB") belongs to the number. */
    UNIT_ABSORB,
    /** A run of identical identifier masks (blk_1 blk_2 blk_3) is one list value. */
    LIST_COLLAPSE,
    /** The values of key=value pairs are masked one by one. */
    KEY_VALUE,
    /** (a) A host name with :port, or name/address, is one value. */
    HOST_PORT,
    /** (b) A compound value (values joined by inner separators only, class@hash) is one value. */
    COMPOUND,
    /** (c) A parenthesised restatement of a quantity ("(1.2 KB)") does not add tokens. */
    QUANTITY_ECHO,
    /** (c) A comma list of values is one value. */
    VALUE_LIST,
    /** (d) A small, closed, frequent vocabulary at a position is kept as the event kind (no sibling merge). */
    CLOSED_VOCABULARY,
    /** (e) A word after an identifier-introducing key ("user", "account") is a value. */
    KEYED_NAME,
    /** Brain-style sibling merge of a plain-word position with three distinct values. */
    SIBLING_MERGE,
    /** A line absorbed by a template within the soft-difference budget, generalising it. */
    SOFT_MERGE,
    /** (d) Upper-case enum names at a position (HTTP methods, state names) are the event kind (no sibling merge). */
    ENUM_WORDS,
    /** A bracketed or dotted first token (a program, user or logger field) may be generalised on sibling evidence. */
    FIELD_HEAD,
    /** (c) Space-separated names of one shape ("dadmin2 dadmin3 dadmin4") are one list value. */
    NAME_LIST,
    /** (b) A PCI address with an optional bracketed suffix ("0000:00:1f.2[A]") is one value. */
    PCI_ADDRESS,
    /** (b) A Java object reference "class@hash" is one value. */
    OBJECT_REF,
    /** An epoch number after a time key ("ts=1514038440000") is a time. */
    EPOCH_KEY,
    /** An executable or library image name ("chrome.exe") is a value. */
    IMAGE_NAME,
    /** A request-line protocol version ("HTTP/1.1", "SIP/2.0") is the protocol spoken, text of the event. */
    PROTOCOL_VERSION,
    /** The key of a colon pair ("enable_2G:1", "profile_5g:0") is a field name, text even with digits in it. */
    COLON_KEY,
    /** A unit word after an integer ("2048 MB") is the format's fixed unit and stays text (not absorbed). */
    FIXED_UNIT,
    /** (c) The last element of a comma list closed by other punctuation ("10.0.0.2:50010:") ends the list value. */
    LIST_CLOSE,
    /** A name joined by the scope operator ("AirPort_Brcm43xx::setPowerState") is code, text even with digits. */
    SCOPED_NAME,
    /** A bound below the display resolution ("lifetime <1 sec", "<1 ms") is a fixed phrase, text. */
    FLOOR_BOUND,
    /** A bitness mark after an image name ("chrome.exe *32") is text. */
    BITNESS_MARK,
    /** (e) A signature that a generalised template now covers (a name kept constant there) is absorbed into it. */
    COVERED_MERGE;

    static final Rule[] VALUES = values();
}
