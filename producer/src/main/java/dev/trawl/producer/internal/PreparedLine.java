package dev.trawl.producer.internal;

import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.InputLine;
import dev.trawl.producer.UrlCheck;
import dev.trawl.producer.UrlValidator;
import dev.trawl.runtime.crawl.FingerprintSet;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.Topics;
import java.time.Clock;

/**
 * One input line made ready to send, off the publishing thread: its check and, when accepted, the
 * request, the request's encoded bytes (the topic's value serde) and the URL's {@link
 * FingerprintSet#fingerprint(String) fingerprint}. Immutable.
 *
 * @param check what the validator made of the line
 * @param request the request for an accepted URL, else null
 * @param value {@code request} encoded by {@code Topics.URLS.valueSerde()}, else null
 * @param fingerprint the accepted URL's fingerprint, else 0
 */
public record PreparedLine(UrlCheck check, FetchRequest request, byte[] value, long fingerprint) {

  /**
   * Checks {@code line} with {@code validator} (an unreadable line is rejected for its own reason)
   * and makes it ready to send; thread-safe.
   */
  public static PreparedLine of(
      InputLine line, UrlValidator validator, CrawlSpec crawl, Clock clock) {
    UrlCheck check =
        line.readable()
            ? validator.check(line.text())
            : new UrlCheck.Rejected(line.problem(), line.message());
    return of(check, crawl, clock);
  }

  /**
   * Builds and encodes the request of an accepted check (stamped with {@code clock}); thread-safe.
   */
  public static PreparedLine of(UrlCheck check, CrawlSpec crawl, Clock clock) {
    if (!(check instanceof UrlCheck.Accepted url)) {
      return new PreparedLine(check, null, null, 0);
    }
    // The all-arguments constructor: a builder checks each field as it is set and allocates
    // state of its own, which this hot path, giving every field, does not need.
    FetchRequest request =
        new FetchRequest(
            url.url(),
            url.host(),
            crawl.crawlId(),
            0,
            crawl.maxDepth(),
            crawl.scope(),
            0,
            clock.millis(),
            null,
            null,
            crawl.metadata());
    byte[] value = Topics.URLS.valueSerde().serializer().serialize(Topics.URLS.name(), request);
    return new PreparedLine(check, request, value, FingerprintSet.fingerprint(url.url()));
  }
}
