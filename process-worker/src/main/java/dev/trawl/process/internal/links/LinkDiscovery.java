package dev.trawl.process.internal.links;

import dev.trawl.process.DocumentLimits;
import dev.trawl.process.internal.parse.ParsedPage;
import dev.trawl.process.internal.parse.Utf8;
import dev.trawl.process.internal.stats.DomainStatsAggregator;
import dev.trawl.runtime.crawl.CrawlScopes;
import dev.trawl.runtime.crawl.Urls;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.HostSightings;
import dev.trawl.schemas.OutcomeTally;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;

/**
 * Turns page outcomes, failures and seeds into {@link HostSightings} keyed by host, one record per
 * host a page shows (most pages: one): the URLs an outcome settles, the links its crawl follows
 * (already within the URL cap: they are a document's outlinks), and seeds. The record of the
 * request's own host carries the outcome's {@link OutcomeTally} to the host's statistics: every
 * page outcome and failure has that record, even when none of its URLs can be remembered. Pure
 * functions, used by the topology's flatMap steps.
 */
public final class LinkDiscovery {

  private LinkDiscovery() {}

  /**
   * The sightings of a page outcome, in order of each host's first URL: the settled URLs (the
   * requested URL, and the final URL when the page was fetched after a redirect) and the outlinks
   * its crawl follows ({@link CrawlScopes#followedLinks}: never those marked nofollow, none of a
   * page whose robots meta says nofollow).
   */
  public static List<KeyValue<String, HostSightings>> sightings(ParsedPage page) {
    FetchRequest request = page.request();
    boolean fetched = page.document().getOutcome() == FetchOutcome.FETCHED;
    Builder builder = new Builder(request, page.document().getFinalUrl(), page.tally());
    builder.settle(request.getUrl());
    if (fetched) {
      builder.settle(page.document().getFinalUrl());
    }
    for (CrawlScopes.Link link :
        CrawlScopes.followedLinks(page.document(), request.getMaxDepth(), request.getScope())) {
      builder.link(link.host(), link.url());
    }
    return builder.build();
  }

  /** The sighting of a failure: its requested URL, settled. */
  public static List<KeyValue<String, HostSightings>> settled(FetchFailure failure) {
    Builder builder = new Builder(failure.getRequest(), null, DomainStatsAggregator.tally(failure));
    builder.settle(failure.getRequest().getUrl());
    return builder.build();
  }

  /** The sighting of a seed, keyed by its host: the request itself, to be passed on unchanged. */
  public static KeyValue<String, HostSightings> seed(FetchRequest seed) {
    return KeyValue.pair(
        seed.getHost(),
        new HostSightings(
            seed.getCrawlId(),
            List.of(),
            List.of(),
            seed.getDepth(),
            seed.getMaxDepth(),
            seed.getScope(),
            seed.getReferrer(),
            List.of(seed),
            null));
  }

  /** Collects one outcome's URLs per host, in order of first appearance. */
  private static final class Builder {
    private final FetchRequest parent;
    private final String referrer;
    private final OutcomeTally tally;
    private final Map<String, Set<String>> settled = new LinkedHashMap<>();
    private final Map<String, List<String>> links = new LinkedHashMap<>();
    private String lastSettled;

    Builder(FetchRequest parent, String referrer, OutcomeTally tally) {
      this.parent = parent;
      this.referrer = referrer;
      this.tally = tally;
    }

    /**
     * Settles {@code url} once normalised (a URL equal to the last one is not normalised again). A
     * URL longer than links may be is not remembered: no link can name it.
     */
    void settle(String url) {
      if (url == null || url.equals(lastSettled)) {
        return;
      }
      lastSettled = url;
      String normalised = Urls.normalise(url);
      if (normalised != null && Utf8.length(normalised) <= DocumentLimits.MAX_URL_BYTES) {
        String host = Urls.host(normalised);
        settled.computeIfAbsent(host, h -> new LinkedHashSet<>()).add(normalised);
        links.computeIfAbsent(host, h -> new ArrayList<>());
      }
    }

    void link(String host, String url) {
      settled.computeIfAbsent(host, h -> new LinkedHashSet<>());
      links.computeIfAbsent(host, h -> new ArrayList<>()).add(url);
    }

    List<KeyValue<String, HostSightings>> build() {
      String ownHost = parent.getHost();
      settled.computeIfAbsent(ownHost, h -> new LinkedHashSet<>());
      links.computeIfAbsent(ownHost, h -> new ArrayList<>());
      List<KeyValue<String, HostSightings>> records = new ArrayList<>(settled.size());
      for (Map.Entry<String, Set<String>> host : settled.entrySet()) {
        records.add(
            KeyValue.pair(
                host.getKey(),
                new HostSightings(
                    parent.getCrawlId(),
                    List.copyOf(host.getValue()),
                    links.get(host.getKey()),
                    parent.getDepth() + 1,
                    parent.getMaxDepth(),
                    parent.getScope(),
                    referrer,
                    List.of(),
                    host.getKey().equals(ownHost) ? tally : null)));
      }
      return records;
    }
  }
}
