package duixian;

import java.nio.charset.StandardCharsets;

/**
 * The JNI entry points (bindings/java/native/duixian_jni.c), one per C ABI
 * function. Text crosses as NUL-terminated UTF-8 byte arrays, never as JNI
 * "modified UTF-8". Failures throw {@link DuixianException}.
 */
final class Native {
  private Native() {}

  static {
    // -Dduixian.jni=/path/libduixian_jni.so, else java.library.path.
    String explicit = System.getProperty("duixian.jni");
    if (explicit != null && !explicit.isEmpty()) {
      System.load(explicit);
    } else {
      System.loadLibrary("duixian_jni");
    }
  }

  static byte[] cstr(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[utf8.length + 1];
    System.arraycopy(utf8, 0, out, 0, utf8.length);
    return out;
  }

  static String str(byte[] utf8) {
    return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
  }

  static native byte[] version();

  /** The twelve fields of duixian_limits, in its order (see Limits). */
  static native long[] defaultLimits();

  /** limits: null for the defaults. */
  static native long loadDir(byte[] dir, long[] limits);

  static native long loadSources(byte[] schema, byte[] calendar, byte[][] modules, byte[][] paths, byte[][] texts,
                                 long[] limits);

  static native long[] limits(long set);

  static native void free(long set);

  static native byte[] digest(long set);

  static native long policyCount(long set);

  static native byte[] diagnostics(long set);

  /** The firm is plain UTF-8 (no NUL needed); name and date are cstr. */
  static native byte[] evaluate(long set, byte[] firm, byte[] name, byte[] date, int flags);

  /** Fills statuses[i]; returns the result JSON or error message per firm. */
  static native byte[][] evaluateBatch(long set, byte[][] firms, byte[][] names, byte[] date, int flags,
                                       int[] statuses);

  static native long holderNew(long set);

  static native void holderFree(long holder);

  /** {status, digest, message, diagnostics json} (null where absent). */
  static native byte[][] holderReloadDir(long holder, byte[] dir);

  static native byte[][] holderReloadSources(long holder, byte[] schema, byte[] calendar, byte[][] modules,
                                             byte[][] paths, byte[][] texts);

  static native long holderCurrent(long holder);

  /** {json, digest}. */
  static native byte[][] holderEvaluate(long holder, byte[] firm, byte[] name, byte[] date, int flags);
}
