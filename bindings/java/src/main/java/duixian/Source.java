package duixian;

/** An in-memory policy file: import name ("common"), path for diagnostics, text. */
public record Source(String module, String path, String text) {}
