package io.sigdrift.baselines.feedback;

/**
 * The fate of one feedback record, or of a label that a later record removed: the {@code audit} stream's content.
 *
 * @param record {@code label}, {@code revoke} or {@code rules}
 * @param id     the label id, the revoked label id, or {@code rules}
 * @param reason why, in words (null for a plain ACCEPTED)
 */
public record AuditEntry(String record, String id, Status status, String reason) implements java.io.Serializable {
    public enum Status { ACCEPTED, REJECTED, REVOKED, EXPIRED }

    public static AuditEntry accepted(String record, String id, String reason) {
        return new AuditEntry(record, id, Status.ACCEPTED, reason);
    }

    public static AuditEntry rejected(String record, String id, String reason) {
        return new AuditEntry(record, id, Status.REJECTED, reason);
    }
}
