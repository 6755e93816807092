package dev.trawl.runtime.crawl;

/** An extraction rule or crawl definition that cannot be used, with a message naming the rule. */
public final class InvalidRuleException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidRuleException(String message) {
    super(message);
  }
}
