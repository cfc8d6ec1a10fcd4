package duixian;

/**
 * The outcome of a holder reload. On failure the old set keeps serving;
 * {@code digest} is the digest serving after the call either way.
 */
public record ReloadResult(Status status, String digest, String message, String diagnosticsJson) {
  public boolean ok() {
    return status == Status.OK;
  }
}
