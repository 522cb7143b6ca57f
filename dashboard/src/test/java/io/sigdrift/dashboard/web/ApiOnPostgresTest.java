package io.sigdrift.dashboard.web;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The API contract on a real PostgreSQL server. The URL comes from the system property or environment
 * variable {@code SIGDRIFT_TEST_PG_URL} ({@code .ci/run} starts a server on a loopback port and sets it);
 * without it the tests are skipped, saying so.
 */
class ApiOnPostgresTest extends ApiContract {
    static final String URL_VARIABLE = "SIGDRIFT_TEST_PG_URL";

    static String configuredUrl() {
        String u = System.getProperty(URL_VARIABLE);
        return u != null && !u.isBlank() ? u : System.getenv(URL_VARIABLE);
    }

    @BeforeEach
    @Override
    void start() throws Exception {
        Assumptions.assumeTrue(configuredUrl() != null && !configuredUrl().isBlank(),
                "no PostgreSQL configured: set " + URL_VARIABLE + "=jdbc:postgresql://127.0.0.1:PORT/DB?user=U (.ci/run does)");
        super.start();
    }

    @Override
    String jdbcUrl() {
        return configuredUrl();
    }
}
