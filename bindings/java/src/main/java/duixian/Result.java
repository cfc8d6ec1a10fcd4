package duixian;

/** A result JSON with the digest of the policy set that produced it. */
public record Result(String json, String digest) {}
