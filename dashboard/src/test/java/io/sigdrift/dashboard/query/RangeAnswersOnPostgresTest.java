package io.sigdrift.dashboard.query;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/** {@link RangeAnswersTest} on PostgreSQL ({@code SIGDRIFT_TEST_PG_URL}, as ApiOnPostgresTest; skipped without it). */
class RangeAnswersOnPostgresTest extends RangeAnswersTest {
    static final String URL_VARIABLE = "SIGDRIFT_TEST_PG_URL";

    @BeforeEach
    @Override
    void seed() throws Exception {
        Assumptions.assumeTrue(pgUrl() != null && !pgUrl().isBlank(),
                "no PostgreSQL configured: set " + URL_VARIABLE + "=jdbc:postgresql://127.0.0.1:PORT/DB?user=U (.ci/run does)");
        super.seed();
    }

    @Override
    String url() {
        return pgUrl();
    }

    static String pgUrl() {
        String u = System.getProperty(URL_VARIABLE);
        return u != null && !u.isBlank() ? u : System.getenv(URL_VARIABLE);
    }
}
