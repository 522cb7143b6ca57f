package io.sigdrift.pipeline.cli;

import static io.sigdrift.pipeline.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --mask} and {@code --masks} on reduce and compare: an in-house order id no built-in rule knows. */
class UserMaskCliTest {
    static final String ORDER = "ORDER=ORD-\\d{6}";

    @TempDir
    Path tmp;

    /** A made-up shop's log: order ids "ORD-" + six digits, tenant codes like ACM_eu. */
    private Path shopLog(String name, int orders, int refunds) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            lines.add(String.format("Mar 14 10:%02d:%02d shop[311]: order ORD-%06d accepted for tenant %s",
                    i / 60 % 60, i % 60, 104_729L * (i + 1) % 1_000_000, i % 2 == 0 ? "ACM_eu" : "GLX_us"));
        }
        for (int i = 0; i < refunds; i++) {
            lines.add(String.format("Mar 14 11:%02d:%02d shop[311]: refund issued for (ORD-%06d), amount 12.50 EUR",
                    i / 60 % 60, i % 60, 7_919L * (i + 3) % 1_000_000));
        }
        Path p = tmp.resolve(name);
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void reduceWithAMaskNamesTheValueInTheTemplateAndSummarisesItAsAParameter() throws IOException {
        Path log = shopLog("shop.log", 30, 10);
        CliTestSupport.Result r = run("reduce", "--input", log.toString(), "--format", "json", "--mask", ORDER,
                "--mask", "TENANT=[A-Z]{3}_[a-z]{2}");
        assertEquals(0, r.code(), r.err());
        JsonNode sigs = new ObjectMapper().readTree(r.out()).path("signatures");
        assertEquals(2, sigs.size(), r.out());
        JsonNode orders = sigs.get(0);
        assertEquals(30, orders.path("count").asLong());
        assertTrue(orders.path("template").asText().endsWith("order <ORDER> accepted for tenant <TENANT>"),
                orders.path("template").asText());
        List<String> types = new ArrayList<>();
        for (JsonNode p : orders.path("parameters")) {
            types.add(p.path("type").asText());
        }
        assertTrue(types.contains("ORDER") && types.contains("TENANT"), types.toString());
        JsonNode tenant = null;
        for (JsonNode p : orders.path("parameters")) {
            if (p.path("type").asText().equals("TENANT")) {
                tenant = p;
            }
        }
        assertEquals(2, tenant.path("distinct").asLong());
        assertTrue(sigs.get(1).path("template").asText().contains("refund issued for (<ORDER>), amount"),
                sigs.get(1).path("template").asText());
        r.assertNoStackTrace();
    }

    @Test
    void aMasksFileWorksLikeTheOptionAndTheDefaultHasNoUserMask() throws IOException {
        Path log = shopLog("shop.log", 20, 0);
        Path masks = tmp.resolve("masks.txt");
        Files.writeString(masks, "# order ids of the shop\n" + ORDER + "\n");
        CliTestSupport.Result withFile = run("reduce", "--input", log.toString(), "--format", "csv", "--masks",
                masks.toString());
        CliTestSupport.Result withOption = run("reduce", "--input", log.toString(), "--format", "csv", "--mask", ORDER);
        assertEquals(0, withFile.code(), withFile.err());
        assertEquals(withOption.out(), withFile.out());
        assertTrue(withFile.out().contains("<ORDER>"), withFile.out());
        CliTestSupport.Result plain = run("reduce", "--input", log.toString(), "--format", "csv");
        assertFalse(plain.out().contains("<ORDER>"), plain.out());
    }

    @Test
    void aBadPatternIsAOneLineUsageErrorNamingTheMask() throws IOException {
        Path log = shopLog("shop.log", 2, 0);
        CliTestSupport.Result r = run("reduce", "--input", log.toString(), "--mask", "ORDER=ORD-(\\d+");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("sigdrift reduce: mask ORDER: bad pattern 'ORD-(\\d+'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("", r.out());
        r.assertNoStackTrace();

        Path masks = tmp.resolve("masks.txt");
        Files.writeString(masks, ORDER + "\nTENANT=[A-Z\n");
        CliTestSupport.Result f = run("reduce", "--input", log.toString(), "--masks", masks.toString());
        assertEquals(2, f.code());
        assertTrue(f.err().contains(masks + ":2: mask TENANT: bad pattern"), f.err());
        CliTestSupport.Result missing = run("reduce", "--input", log.toString(), "--masks", tmp.resolve("nope").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("cannot read masks file"), missing.err());
        missing.assertNoStackTrace();
    }

    @Test
    void compareWithAMaskSeesNewOrdersAsTheSameSignature() throws IOException {
        Path baseline = shopLog("baseline.log", 40, 0);
        Path target = shopLog("target.log", 40, 40);
        CliTestSupport.Result r = run("compare", "--baseline", baseline.toString(), "--target", target.toString(),
                "--format", "json", "--mask", ORDER);
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        List<String> newTemplates = new ArrayList<>();
        for (JsonNode row : root.path("changes")) {
            if (row.path("kind").asText().equals("NEW")) {
                newTemplates.add(row.path("template").asText());
            }
        }
        assertEquals(1, newTemplates.size(), r.out());
        assertTrue(newTemplates.get(0).contains("refund issued for (<ORDER>)"), newTemplates.toString());

        CliTestSupport.Result bad = run("compare", "--baseline", baseline.toString(), "--target", target.toString(),
                "--mask", "IP=\\d+");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("IP is a built-in type"), bad.err());
    }
}
