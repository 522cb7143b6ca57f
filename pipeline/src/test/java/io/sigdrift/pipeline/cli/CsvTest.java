package io.sigdrift.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void plainFieldsAreNotQuoted() {
        assertEquals("Invalid user <*> from <*>", Csv.field("Invalid user <*> from <*>"));
        assertEquals("", Csv.field(null));
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedWithQuotesDoubled() throws Exception {
        StringBuilder sb = new StringBuilder();
        Csv.row(sb, "1", "a,b", "say \"hi\"", "two\nlines", "cr\r");
        assertEquals("1,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\n", sb.toString());
    }
}
