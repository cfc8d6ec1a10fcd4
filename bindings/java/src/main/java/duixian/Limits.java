package duixian;

import java.util.Arrays;

/**
 * What a policy set may ask of the compiler and a firm of the engine
 * (docs/reliability.md), given when the set is loaded and kept by it. Past
 * a policy limit the load fails with POLICY_ERROR (a diagnostic); past a
 * firm limit {@code evaluate} throws FIRM_ERROR naming the limit, and a firm
 * over {@link #maxEvalSteps()} gets no verdicts at all. Immutable:
 *
 * <pre>
 * Limits limits = Limits.defaults().withMaxEvalSteps(1_000_000).withMaxJsonDepth(16);
 * try (PolicySet set = PolicySet.load(Path.of("policies"), limits)) { … }
 * </pre>
 *
 * 0 is invalid except for maxEvalSteps (no limit); depths, digits and clause
 * counts must fit an int (INVALID_ARGUMENT otherwise).
 */
public final class Limits {
  // The order of duixian_limits in duixian.h (the JNI glue copies it as is).
  private static final int FIRM_BYTES = 0, JSON_DEPTH = 1, STRING_BYTES = 2, ITEMS = 3, NUMBER_DIGITS = 4,
      EVAL_STEPS = 5, POLICY_BYTES = 6, NESTING = 7, TREE_DEPTH = 8, CLAUSES = 9, ELABORATION_STEPS = 10,
      ELABORATION_DEPTH = 11, COUNT = 12;
  private static final String[] NAMES = {"maxFirmBytes", "maxJsonDepth", "maxStringBytes", "maxItems",
      "maxNumberDigits", "maxEvalSteps", "maxPolicyBytes", "maxNesting", "maxTreeDepth", "maxClauses",
      "maxElaborationSteps", "maxElaborationDepth"};

  private final long[] values;

  Limits(long[] values) {
    if (values.length != COUNT) {
      throw new IllegalArgumentException("limits: " + values.length + " values, not " + COUNT);
    }
    this.values = values.clone();
  }

  /** The library's defaults (16 MiB firms, depth 64, 5,000,000 evaluation steps, …). */
  public static Limits defaults() {
    return new Limits(Native.defaultLimits());
  }

  long[] toArray() {
    return values.clone();
  }

  private Limits with(int i, long v) {
    if (v < 0) {
      // duixian_limits holds unsigned values: a negative long would wrap to a huge limit.
      throw new IllegalArgumentException(NAMES[i] + " must not be negative, not " + v);
    }
    long[] copy = values.clone();
    copy[i] = v;
    return new Limits(copy);
  }

  /** One firm's JSON text, in bytes. */
  public long maxFirmBytes() { return values[FIRM_BYTES]; }
  /** Nesting of JSON arrays and objects (a firm needs 4). */
  public long maxJsonDepth() { return values[JSON_DEPTH]; }
  /** One string value or key, in bytes. */
  public long maxStringBytes() { return values[STRING_BYTES]; }
  /** Elements of one array, members of one object. */
  public long maxItems() { return values[ITEMS]; }
  /** Digits of one number, integer and fraction. */
  public long maxNumberDigits() { return values[NUMBER_DIGITS]; }
  /** Node computations to evaluate one firm; 0: no limit. */
  public long maxEvalSteps() { return values[EVAL_STEPS]; }
  /** One policy file, in bytes (E0112). */
  public long maxPolicyBytes() { return values[POLICY_BYTES]; }
  /** Brackets, prefix operators, `if` in `if` (E0108). */
  public long maxNesting() { return values[NESTING]; }
  /** One expression tree, operator chains included (E0108). */
  public long maxTreeDepth() { return values[TREE_DEPTH]; }
  /** Clauses of one policy (E0409). */
  public long maxClauses() { return values[CLAUSES]; }
  /** Expressions elaborated for the whole set, definitions expanded (E0410). */
  public long maxElaborationSteps() { return values[ELABORATION_STEPS]; }
  /** One expression's depth, definitions expanded (E0411). */
  public long maxElaborationDepth() { return values[ELABORATION_DEPTH]; }

  public Limits withMaxFirmBytes(long v) { return with(FIRM_BYTES, v); }
  public Limits withMaxJsonDepth(long v) { return with(JSON_DEPTH, v); }
  public Limits withMaxStringBytes(long v) { return with(STRING_BYTES, v); }
  public Limits withMaxItems(long v) { return with(ITEMS, v); }
  public Limits withMaxNumberDigits(long v) { return with(NUMBER_DIGITS, v); }
  public Limits withMaxEvalSteps(long v) { return with(EVAL_STEPS, v); }
  public Limits withMaxPolicyBytes(long v) { return with(POLICY_BYTES, v); }
  public Limits withMaxNesting(long v) { return with(NESTING, v); }
  public Limits withMaxTreeDepth(long v) { return with(TREE_DEPTH, v); }
  public Limits withMaxClauses(long v) { return with(CLAUSES, v); }
  public Limits withMaxElaborationSteps(long v) { return with(ELABORATION_STEPS, v); }
  public Limits withMaxElaborationDepth(long v) { return with(ELABORATION_DEPTH, v); }

  @Override
  public boolean equals(Object o) {
    return o instanceof Limits other && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Limits{");
    for (int i = 0; i < COUNT; i++) {
      b.append(i == 0 ? "" : ", ").append(NAMES[i]).append('=').append(values[i]);
    }
    return b.append('}').toString();
  }
}
