package duixian;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled, immutable policy set. Any number of threads may evaluate on
 * it at once; {@link #close()} frees the native set and must not race with
 * them (a {@link PolicySetHolder} is the tool for replacing sets in service).
 *
 * <pre>
 * try (PolicySet set = PolicySet.load(Path.of("policies"))) {
 *   String json = set.evaluate(firmJson, Options.on("2025-06-20"));
 * }
 * </pre>
 */
public final class PolicySet implements AutoCloseable {
  private volatile long handle;

  PolicySet(long handle) {
    this.handle = handle;
  }

  /** The library version, "0.1.0". */
  public static String version() {
    return Native.str(Native.version());
  }

  /** Compiles the set under {@code dir}; DuixianException (IO_ERROR, POLICY_ERROR with diagnostics). */
  public static PolicySet load(Path dir) {
    return load(dir, Limits.defaults());
  }

  /**
   * As {@link #load(Path)} with {@code limits}, kept by the set for every evaluation on it;
   * INVALID_ARGUMENT for a limit out of range.
   */
  public static PolicySet load(Path dir, Limits limits) {
    return new PolicySet(Native.loadDir(Native.cstr(dir.toString()), limits.toArray()));
  }

  /** Compiles in-memory sources against schema and calendar JSON. */
  public static PolicySet loadSources(String schemaJson, String calendarJson, List<Source> sources) {
    return loadSources(schemaJson, calendarJson, sources, Limits.defaults());
  }

  /** As {@link #loadSources(String, String, List)} with {@code limits}. */
  public static PolicySet loadSources(String schemaJson, String calendarJson, List<Source> sources, Limits limits) {
    byte[][][] s = sourceArrays(sources);
    return new PolicySet(Native.loadSources(Native.cstr(schemaJson), Native.cstr(calendarJson), s[0], s[1], s[2],
        limits.toArray()));
  }

  static byte[][][] sourceArrays(List<Source> sources) {
    byte[][][] out = new byte[3][sources.size()][];
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      out[0][i] = Native.cstr(s.module());
      out[1][i] = Native.cstr(s.path());
      out[2][i] = Native.cstr(s.text());
    }
    return out;
  }

  long handle() {
    long h = handle;
    if (h == 0) {
      throw new IllegalStateException("the policy set is closed");
    }
    return h;
  }

  /** SHA-256 of schema, calendar and policies ("policy_set" in results). */
  public String digest() {
    return Native.str(Native.digest(handle()));
  }

  public long policyCount() {
    return Native.policyCount(handle());
  }

  /** The limits the set was loaded with (a holder's reloads keep them). */
  public Limits limits() {
    return new Limits(Native.limits(handle()));
  }

  /** Warnings of the compilation, as a JSON array. */
  public String diagnosticsJson() {
    return Native.str(Native.diagnostics(handle()));
  }

  /**
   * The decision JSON for one firm record; DuixianException (FIRM_ERROR — also for a firm that needs more than
   * {@link Limits#maxEvalSteps()}, which gets no verdicts — or INVALID_ARGUMENT) otherwise.
   */
  public String evaluate(String firmJson, Options options) {
    return Native.str(Native.evaluate(handle(), firmJson.getBytes(StandardCharsets.UTF_8),
        Native.cstr(options.name()), Native.cstr(options.date()), options.flags()));
  }

  /** {@link #evaluate} with the set's digest, as a light result object. */
  public Result evaluateResult(String firmJson, Options options) {
    return new Result(evaluate(firmJson, options), digest());
  }

  /** Many firms in one native call; a bad firm is reported in its item. Names "firm[i]". */
  public List<BatchItem> evaluateBatch(List<String> firmsJson, Options options) {
    int n = firmsJson.size();
    byte[][] firms = new byte[n][];
    for (int i = 0; i < n; i++) {
      firms[i] = firmsJson.get(i).getBytes(StandardCharsets.UTF_8);
    }
    int[] statuses = new int[n];
    byte[][] texts = Native.evaluateBatch(handle(), firms, null, Native.cstr(options.date()), options.flags(), statuses);
    List<BatchItem> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String text = Native.str(texts[i]);
      out.add(statuses[i] == 0 ? new BatchItem(true, text, null) : new BatchItem(false, null, text));
    }
    return out;
  }

  @Override
  public synchronized void close() {
    long h = handle;
    handle = 0;
    if (h != 0) {
      Native.free(h);
    }
  }
}
