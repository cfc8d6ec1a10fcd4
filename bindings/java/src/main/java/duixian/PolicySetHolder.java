package duixian;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The serving policy set of a service: {@link #reload} replaces it while
 * other threads evaluate. Every evaluation finishes on the set it started
 * with and reports that set's digest; a failed reload keeps the old set.
 * All methods are thread-safe except {@link #close()}.
 */
public final class PolicySetHolder implements AutoCloseable {
  private volatile long handle;

  /** Serves {@code initial} (the holder keeps its own reference; closing {@code initial} is fine). */
  public PolicySetHolder(PolicySet initial) {
    handle = Native.holderNew(initial.handle());
  }

  private long handle() {
    long h = handle;
    if (h == 0) {
      throw new IllegalStateException("the holder is closed");
    }
    return h;
  }

  public ReloadResult reload(Path dir) {
    return reloadResult(Native.holderReloadDir(handle(), Native.cstr(dir.toString())));
  }

  public ReloadResult reloadSources(String schemaJson, String calendarJson, List<Source> sources) {
    byte[][][] s = PolicySet.sourceArrays(sources);
    return reloadResult(Native.holderReloadSources(handle(), Native.cstr(schemaJson), Native.cstr(calendarJson),
        s[0], s[1], s[2]));
  }

  private static ReloadResult reloadResult(byte[][] r) {
    return new ReloadResult(Status.of(Integer.parseInt(Native.str(r[0]))), Native.str(r[1]), Native.str(r[2]),
        r[3] == null ? "[]" : Native.str(r[3]));
  }

  /** A new handle on the serving set (close it when done). */
  public PolicySet current() {
    return new PolicySet(Native.holderCurrent(handle()));
  }

  public Result evaluate(String firmJson, Options options) {
    byte[][] r = Native.holderEvaluate(handle(), firmJson.getBytes(StandardCharsets.UTF_8),
        Native.cstr(options.name()), Native.cstr(options.date()), options.flags());
    return new Result(Native.str(r[0]), Native.str(r[1]));
  }

  @Override
  public synchronized void close() {
    long h = handle;
    handle = 0;
    if (h != 0) {
      Native.holderFree(h);
    }
  }
}
