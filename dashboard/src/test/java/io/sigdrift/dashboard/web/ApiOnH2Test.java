package io.sigdrift.dashboard.web;

/** The API contract on the embedded database (H2 file database, the default). */
class ApiOnH2Test extends ApiContract {
    @Override
    String jdbcUrl() {
        return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
    }
}
