package io.sigdrift.pipeline.feedback;

import io.sigdrift.baselines.feedback.FeedbackBook;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where a run's feedback comes from ({@code run --feedback DIR|kafka://HOST:PORT/TOPIC --rules FILE}). Immutable;
 * at least one of labels and rules.
 *
 * @param labelsDir      directory of JSON Lines files of labels and revokes, or null
 * @param kafkaBootstrap with {@code kafkaTopic}: the topic carrying the same lines instead of a directory
 * @param rules          the rules file, or null
 * @param maxLabels      bound of the job's label book ({@code --max-labels})
 * @param learned        {@code --learned-suppression} settings, null = off
 */
public record FeedbackSpec(Path labelsDir, String kafkaBootstrap, String kafkaTopic, Path rules, int maxLabels,
                           LearnedSuppressionConfig learned)
        implements Serializable {
    public FeedbackSpec(Path labelsDir, String kafkaBootstrap, String kafkaTopic, Path rules, int maxLabels) {
        this(labelsDir, kafkaBootstrap, kafkaTopic, rules, maxLabels, null);
    }

    public FeedbackSpec {
        if (labelsDir == null && kafkaTopic == null && rules == null) {
            throw new IllegalArgumentException("feedback needs --feedback or --rules");
        }
        if (labelsDir != null && kafkaTopic != null) {
            throw new IllegalArgumentException("--feedback: a directory or a Kafka topic, not both");
        }
        if ((kafkaTopic == null) != (kafkaBootstrap == null)) {
            throw new IllegalArgumentException("--feedback kafka:// needs HOST:PORT and a topic");
        }
        if (maxLabels < 1) {
            throw new IllegalArgumentException("--max-labels must be >= 1, was " + maxLabels);
        }
    }

    public static FeedbackSpec directory(Path dir, Path rules) {
        return new FeedbackSpec(dir, null, null, rules, FeedbackBook.DEFAULT_MAX_LABELS);
    }

    public String describe() {
        String labels = labelsDir != null ? labelsDir.toString() : kafkaTopic != null ? "kafka://" + kafkaBootstrap + "/" + kafkaTopic : null;
        return (labels == null ? "" : "labels from " + labels) + (labels != null && rules != null ? ", " : "")
                + (rules == null ? "" : "rules from " + rules);
    }
}
