package duixian;

/** The C ABI's duixian_status, same order and numbers. */
public enum Status {
  OK,
  INVALID_ARGUMENT,
  IO_ERROR,
  POLICY_ERROR,
  FIRM_ERROR,
  INTERNAL;

  static Status of(int code) {
    Status[] all = values();
    return code >= 0 && code < all.length ? all[code] : INTERNAL;
  }
}
