package io.sigdrift.pipeline.session;

import io.sigdrift.models.detect.IsolationForestDetector;
import io.sigdrift.models.detect.ModelCodec;
import io.sigdrift.models.detect.ModelFormatException;
import io.sigdrift.models.detect.PcaResidualDetector;
import io.sigdrift.models.detect.SessionDetector;
import io.sigdrift.models.detect.TreeClassifierDetector;
import io.sigdrift.models.detect.InvariantMiningDetector;
import io.sigdrift.models.score.SessionScorerConfig;
import io.sigdrift.models.session.EntityKey;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * The session stage's settings ({@code run --sessions ...}), immutable and checked once on the client, so a bad
 * pattern or model file is a startup error, not a failing job.
 *
 * <ul>
 *   <li>{@code entity}: a regex whose first match in the event text is the entity id (group 1 if it has one), or
 *       {@code param:N}, the parameter at template token N;</li>
 *   <li>{@code scorer}: session bounds, training size, online detector, examples (see {@link SessionScorerConfig});</li>
 *   <li>{@code model}: the bytes of a {@link ModelCodec} file ({@code --session-model}), or null to train online.</li>
 * </ul>
 *
 * <p>The job's jar carries Smile without its native BLAS (see pipeline/pom.xml), so it runs the models that need
 * none: invariant mining, isolation forest and the decision tree. PCA is refused here with the reason.
 */
public final class SessionSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Longer entity ids are cut (an id is a key; a longer "id" is almost surely a wrong pattern). */
    public static final int MAX_ENTITY_CHARS = 256;
    static final Set<String> JOB_KINDS = Set.of(InvariantMiningDetector.KIND, IsolationForestDetector.KIND,
            TreeClassifierDetector.KIND);

    private final String entity;
    private final SessionScorerConfig scorer;
    private final byte[] model;

    /** @throws IllegalArgumentException naming the flag when the entity spec, the detector or the model is unusable */
    public SessionSettings(String entity, SessionScorerConfig scorer, byte[] model) {
        this.entity = Objects.requireNonNull(entity, "entity");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.model = model == null ? null : model.clone();
        entityKey();
        if (!JOB_KINDS.contains(scorer.detector())) {
            throw new IllegalArgumentException("--session-detector " + scorer.detector() + " is not available in the job"
                    + (PcaResidualDetector.KIND.equals(scorer.detector())
                    ? " (PCA needs native BLAS, which the job jar does not carry)" : "") + "; use one of " + JOB_KINDS);
        }
        if (model != null) {
            model();
        }
    }

    /** Reads {@code --session-model FILE}. @throws IllegalArgumentException with the file and the reason */
    public static byte[] readModelFile(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            try {
                SessionDetector d = ModelCodec.read(bytes);
                if (!JOB_KINDS.contains(d.kind())) {
                    throw new IllegalArgumentException("--session-model " + file + ": a '" + d.kind()
                            + "' model cannot run in the job; use one of " + JOB_KINDS);
                }
            } catch (ModelFormatException e) {
                throw new IllegalArgumentException("--session-model " + file + ": " + e.getMessage(), e);
            }
            return bytes;
        } catch (IOException e) {
            throw new IllegalArgumentException("--session-model " + file + " cannot be read: " + e, e);
        }
    }

    public EntityKey entityKey() {
        if (entity.startsWith("param:")) {
            try {
                return EntityKey.parameterPosition(Integer.parseInt(entity.substring("param:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--sessions " + entity + ": param: needs a token position, e.g. param:3");
            }
        }
        try {
            return EntityKey.pattern(entity);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sessions: " + e.getMessage(), e);
        }
    }

    public String entity() { return entity; }
    public SessionScorerConfig scorer() { return scorer; }

    /** The given model, decoded (a new instance per call), or null when it is trained online. */
    public SessionDetector model() {
        if (model == null) {
            return null;
        }
        try {
            SessionDetector d = ModelCodec.read(model);
            if (!JOB_KINDS.contains(d.kind())) {
                throw new IllegalArgumentException("--session-model: a '" + d.kind() + "' model cannot run in the job");
            }
            return d;
        } catch (ModelFormatException e) {
            throw new IllegalArgumentException("--session-model: " + e.getMessage(), e);
        }
    }
}
