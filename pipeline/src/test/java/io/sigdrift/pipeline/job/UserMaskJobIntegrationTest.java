package io.sigdrift.pipeline.job;

import io.sigdrift.pipeline.record.JsonLinesFiles;
import io.sigdrift.pipeline.cli.RunSpec;
import io.sigdrift.pipeline.cli.RunCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sigdrift run --mask/--masks}: the masks travel in the job graph and shape the job's templates. */
class UserMaskJobIntegrationTest {
    static final String ORDER = "ORDER=ORD-\\d{6}";
    /** Fixed event times: tests never build data from the wall clock. */
    static final Instant START = Instant.parse("2026-03-14T00:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void theJobWritesTemplatesWithTheUserMaskFromAMasksFile() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add(START.plusSeconds(i) + " shop order ORD-" + String.format("%06d", 104_729L * (i + 1) % 1_000_000)
                    + " accepted");
        }
        Files.write(in.resolve("shop.log"), lines, StandardCharsets.UTF_8);
        Path masks = tmp.resolve("masks.txt");
        Files.writeString(masks, "# shop order ids\n" + ORDER + "\n");
        Path out = tmp.resolve("out");

        RunSpec spec = RunSpec.parse(new String[] {"--input", in.toString(), "--output", out.toString(),
                "--parallelism", "2", "--checkpoint-interval", "300ms", "--masks", masks.toString(), "--no-anomalies"});
        assertEquals(List.of(ORDER), spec.job().engine().masks());
        RunCommand.Result r = RunCommand.execute(spec, FileJobIntegrationTest.quiet());
        assertEquals(200, r.lines());

        Set<String> templates = new HashSet<>();
        for (JsonNode s : JsonLinesFiles.records(out.resolve(RunCommand.SIGNATURES_DIR))) {
            templates.add(s.get("template").asText());
        }
        // one signature for all 200 orders, the id named by the mask (the timestamp prefix is masked as usual)
        assertEquals(1, templates.size(), templates.toString());
        assertTrue(templates.iterator().next().endsWith(" shop order <ORDER> accepted"), templates.toString());
    }

    @Test
    void aBadMaskFailsTheRunAtStartupNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {
                "--input", tmp.toString(), "--output", tmp.resolve("out").toString(), "--mask", "ORDER=ORD-(\\d+"}));
        assertTrue(e.getMessage().startsWith("mask ORDER: bad pattern"), e.getMessage());
    }

    @Test
    void masksSurviveTheJobGraphsJavaSerialisation() throws Exception {
        EngineSettings settings = new EngineSettings(0, 0, 0, List.of(ORDER));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(settings);
        }
        EngineSettings back;
        try (ObjectInputStream i = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (EngineSettings) i.readObject();
        }
        assertEquals(settings, back);
        assertEquals("ORDER", back.toEngineConfig().masks().list().get(0).name());
    }
}
