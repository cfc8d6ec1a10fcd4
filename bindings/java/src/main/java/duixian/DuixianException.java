package duixian;

/**
 * An engine error: a {@link Status}, a message, and for policy errors the
 * diagnostics as JSON (an array of {code, severity, message, message_zh,
 * file, field, line, column, end_line, end_column}).
 */
public class DuixianException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Status status;
  private final String diagnosticsJson;

  public DuixianException(Status status, String message, String diagnosticsJson) {
    super(message);
    this.status = status;
    this.diagnosticsJson = diagnosticsJson == null ? "[]" : diagnosticsJson;
  }

  /** Called from native code with the C ABI's status number. */
  DuixianException(int status, String message, String diagnosticsJson) {
    this(Status.of(status), message, diagnosticsJson);
  }

  public Status status() {
    return status;
  }

  /** A JSON array; "[]" when there are none. */
  public String diagnosticsJson() {
    return diagnosticsJson;
  }
}
