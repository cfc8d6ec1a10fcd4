package duixian;

/**
 * How to evaluate: the date (YYYY-MM-DD), explain (every clause, as
 * `duixian eval`) or verdict mode, pretty or one-line JSON, and the firm's
 * name (its id when it has no USCC, and in errors).
 */
public record Options(String date, boolean explain, boolean compact, String name) {
  /** Explain mode, pretty JSON, name "firm": `duixian eval --format json`. */
  public static Options on(String date) {
    return new Options(date, true, false, "firm");
  }

  public Options verdictOnly() {
    return new Options(date, false, compact, name);
  }

  public Options compactJson() {
    return new Options(date, explain, true, name);
  }

  public Options named(String firmName) {
    return new Options(date, explain, compact, firmName);
  }

  int flags() {
    return (explain ? 1 : 0) | (compact ? 2 : 0);
  }
}
