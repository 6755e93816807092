package dev.trawl.producer;

/** What {@link UrlValidator#check(String)} makes of one input line. */
public sealed interface UrlCheck {

  /** A fetchable URL in normal form, with its lower-case host (the record key). */
  record Accepted(String url, String host) implements UrlCheck {}

  /** Not a fetchable URL: a reason to count by and an exact message for people. */
  record Rejected(RejectReason reason, String message) implements UrlCheck {}

  /** A blank line or a {@code #} comment: neither a URL nor an error. */
  record Skipped() implements UrlCheck {}
}
