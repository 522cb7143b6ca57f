package io.sigdrift.benchmarks.speed;

/** Tiny command-line helpers: a bad option ends the program with a message, not a stack trace. */
final class Args {
  private Args() {}

  static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      fail(option + " needs a value");
    }
    return args[i];
  }

  static int intValue(String[] args, int i, String option, int min, int max) {
    String v = value(args, i, option).replace("_", "");
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        fail(option + ": must be in [" + min + ", " + max + "], got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      fail(option + ": not an integer: " + v);
      return 0;
    }
  }

  static double doubleValue(String[] args, int i, String option, double min, double max) {
    String v = value(args, i, option);
    try {
      double d = Double.parseDouble(v);
      if (!(d >= min && d <= max)) {
        fail(option + ": must be in [" + min + ", " + max + "], got " + v);
      }
      return d;
    } catch (NumberFormatException e) {
      fail(option + ": not a number: " + v);
      return 0;
    }
  }

  static long longValue(String[] args, int i, String option) {
    String v = value(args, i, option).replace("_", "");
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      fail(option + ": not an integer: " + v);
      return 0;
    }
  }

  static void fail(String message) {
    System.err.println("error: " + message);
    System.exit(2);
  }
}
