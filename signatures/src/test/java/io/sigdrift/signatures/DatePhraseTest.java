package io.sigdrift.signatures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A date or time phrase in any common log form is ONE time value, so a signature keeps its id across midnight,
 * month end and year end. Each row: a line just before a boundary, the same event just after it, and the
 * template both must get. The lines are written for these tests (realistic headers of each format).
 */
class DatePhraseTest {

    private static Signature first(String line) {
        return new SignatureEngine(EngineConfig.defaults()).add(line).signature();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // NCSA common/combined log (Apache, nginx access): year end
            "10.1.2.3 - - [31/Dec/2026:23:59:58 +0000] \"GET /index.html HTTP/1.1\" 200 512"
                    + "|10.1.2.3 - - [01/Jan/2027:00:00:01 +0000] \"GET /index.html HTTP/1.1\" 200 512"
                    + "|<IP> - - [<TIME>] \"GET <PATH> HTTP/1.1\" <NUM> <NUM>",
            // Apache error log (ctime in brackets): midnight changes the weekday and the day
            "[Sat Dec 05 23:59:59 2026] [error] [client 10.0.0.7] File does not exist: /var/www/favicon.ico"
                    + "|[Sun Dec 06 00:00:00 2026] [error] [client 10.0.0.7] File does not exist: /var/www/favicon.ico"
                    + "|[<TIME>] [error] [client <IP>] File does not exist: <PATH>",
            // Apache 2.4 error log: microseconds in the ctime
            "[Thu Dec 31 23:59:59.912345 2026] [core:notice] [pid 4711] AH00094: Command line: '/usr/sbin/httpd'"
                    + "|[Fri Jan 01 00:00:00.004120 2027] [core:notice] [pid 4711] AH00094: Command line: '/usr/sbin/httpd'"
                    + "|[<TIME>] [core:notice] [pid <NUM>] <ID>: Command line: '<PATH>'",
            // BSD syslog: month end
            "Nov 30 23:59:59 gateway sshd[2211]: Accepted publickey for deploy from 10.4.4.4 port 50022 ssh2"
                    + "|Dec  1 00:00:02 gateway sshd[2211]: Accepted publickey for deploy from 10.4.4.4 port 50022 ssh2"
                    + "|<TIME> gateway sshd[<NUM>]: Accepted publickey for deploy from <IP> port <NUM> ssh2",
            // RFC 5424 syslog: ISO time with fraction and Z
            "<34>1 2026-12-31T23:59:59.999Z web7.example.com su - ID47 - 'su root' failed on /dev/pts/8"
                    + "|<34>1 2027-01-01T00:00:00.001Z web7.example.com su - ID47 - 'su root' failed on /dev/pts/8"
                    + "|<<NUM> <TIME> web7.example.com su - <ID> - 'su root' failed on <PATH>",
            // ISO with an offset
            "2026-11-30T23:59:59+01:00 worker started|2026-12-01T00:00:00+01:00 worker started|<TIME> worker started",
            // log4j / logback: space and comma millis
            "2026-12-31 23:59:59,998 INFO  [main] o.e.Server: listening on 8080"
                    + "|2027-01-01 00:00:00,002 INFO  [main] o.e.Server: listening on 8080"
                    + "|<TIME> INFO [main] o.e.Server: listening on <NUM>",
            // dot millis
            "2026-12-05 23:59:59.999 WARN pool exhausted|2026-12-06 00:00:00.000 WARN pool exhausted"
                    + "|<TIME> WARN pool exhausted",
            // nginx error log
            "2026/12/31 23:59:59 [error] 1234#0: *5 open() failed|2027/01/01 00:00:00 [error] 1234#0: *5 open() failed"
                    + "|<TIME> [error] <NUM>: *<NUM> open() failed",
            // Android logcat (month-day, no year)
            "12-31 23:59:59.811  1702  2395 D WindowManager: focus changed"
                    + "|01-01 00:00:00.015  1702  2395 D WindowManager: focus changed"
                    + "|<TIME> <NUM> <NUM> D WindowManager: focus changed",
            // Spark / Hadoop yy/MM/dd
            "26/12/31 23:59:59 INFO executor.Executor: Finished task|27/01/01 00:00:00 INFO executor.Executor: Finished task"
                    + "|<TIME> INFO executor.Executor: Finished task",
            // compact yyMMdd HHmmss at the head of the event (HDFS-style)
            "261231 235959 148 INFO dfs.DataNode: PacketResponder 1 terminating"
                    + "|270101 000001 148 INFO dfs.DataNode: PacketResponder 1 terminating"
                    + "|<TIME> <NUM> INFO dfs.DataNode: PacketResponder <NUM> terminating",
            // yyyyMMdd-HH:mm:ss:SSS
            "20261231-23:59:59:998 Step_LSC 30002312 onStandStepChanged 3579"
                    + "|20270101-00:00:00:003 Step_LSC 30002312 onStandStepChanged 3579"
                    + "|<TIME> Step_LSC <NUM> onStandStepChanged <NUM>",
            // BGL-style dashes with a dotted clock
            "RAS KERNEL INFO at 2026-12-31-23.59.59.675872 done|RAS KERNEL INFO at 2027-01-01-00.00.00.000113 done"
                    + "|RAS KERNEL INFO at <TIME> done",
            // ctime with a zone (Linux/ftpd style)
            "connection from 10.9.8.7 at Thu Dec 31 23:59:59 PST 2026|connection from 10.9.8.7 at Fri Jan  1 00:00:00 PST 2027"
                    + "|connection from <IP> at <TIME>",
            // RFC 1123 HTTP date
            "cache entry expires Thu, 31 Dec 2026 23:59:59 GMT|cache entry expires Fri, 01 Jan 2027 00:00:00 GMT"
                    + "|cache entry expires <TIME>",
            // java.util.logging
            "Dec 31, 2026 11:59:59 PM org.apache.catalina.startup.Catalina start"
                    + "|Jan 1, 2027 12:00:01 AM org.apache.catalina.startup.Catalina start"
                    + "|<TIME> org.apache.catalina.startup.Catalina start",
            // Tomcat
            "31-Dec-2026 23:59:59.998 INFO [main] Server startup|01-Jan-2027 00:00:00.001 INFO [main] Server startup"
                    + "|<TIME> INFO [main] Server startup",
            // epoch seconds heading the event
            "1798761599 node-12 unix.hw state_change.unavailable|1798761601 node-12 unix.hw state_change.unavailable"
                    + "|<TIME> node-<NUM> unix.hw state_change.unavailable",
    })
    void theSameEventKeepsItsIdAcrossTheBoundary(String before, String after, String template) {
        Signature a = first(before);
        Signature b = first(after);
        assertEquals(template, a.template());
        assertEquals(a.id(), b.id(), after);
    }

    @Test
    void oneEngineSeesBothSidesOfTheYearEndAsOneUnchangedSignature() {
        SignatureEngine e = new SignatureEngine(EngineConfig.defaults());
        Match a = e.add("[Thu Dec 31 23:59:59 2026] [notice] Apache configured -- resuming normal operations");
        assertEquals(Change.CREATED, a.change());
        String id = a.signature().id();
        Match b = e.add("[Fri Jan 01 00:00:00 2027] [notice] Apache configured -- resuming normal operations");
        assertEquals(Change.NONE, b.change());
        assertEquals(id, b.signature().id());
    }

    /** Words and numbers that resemble parts of dates but are not: the rule must not fire. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a clock followed by a log level or an HTTP method: the word is not a zone
            "at 10:00:00 INFO started|at <TIME> INFO started",
            "at 10:00:00 GET /a|at <TIME> GET <PATH>",
            // month-like words
            "Decoding frame 12 of Mayfield|Decoding frame <NUM> of Mayfield",
            "May 5 items left|May <NUM> items left",
            "Monitor Sun Microsystems|Monitor Sun Microsystems",
            // a dotted version is not a date without a clock
            "upgraded to 10.10.10 today|upgraded to <NUM> today",
            // two 6-digit numbers inside a message are two numbers
            "moved 123456 654321 bytes|moved <NUM> <NUM> bytes",
            // a range, not a month-day
            "pages 3-4 printed|pages <ID> printed",
    })
    void lookalikesAreNotDates(String line, String template) {
        assertEquals(template, first(line).template());
    }
}
