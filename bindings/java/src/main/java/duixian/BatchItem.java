package duixian;

/** One firm of a batch: the result JSON when ok, else why it was unusable. */
public record BatchItem(boolean ok, String json, String error) {}
