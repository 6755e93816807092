package dev.trawl.local;

import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.ProduceListener;
import dev.trawl.producer.ProduceSummary;
import dev.trawl.producer.PublishSettings;
import dev.trawl.producer.Rejection;
import dev.trawl.producer.UrlProducer;
import dev.trawl.producer.UrlSource;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FinalOutcome;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One crawl on a {@link LocalFleet}: publishes the seeds, follows the output topics until every URL
 * (seeds and followed links) has its final outcome, and reports progress on the way.
 */
final class CrawlRun {

  /** What a finished crawl did. */
  record Result(
      ProduceSummary published,
      int urls,
      int outcomes,
      long duplicateOutcomes,
      long failed,
      double seconds,
      Collection<DomainStats> domainStats) {

    /** Final outcomes per second of the whole run, publishing included. */
    double pagesPerSecond() {
      return outcomes / Math.max(seconds, 1e-3);
    }
  }

  private CrawlRun() {}

  /**
   * Runs the crawl of {@code source} and returns when it is complete.
   *
   * @param listener hears about each input line as it is published (rejections, accepted URLs)
   * @param sink receives each URL's first final outcome, on the calling thread
   * @throws TimeoutException when the crawl is not complete within {@code timeout}
   */
  static Result execute(
      LocalFleet fleet,
      UrlSource source,
      CrawlSpec crawl,
      ProduceListener listener,
      Consumer<Outcome> sink,
      ProgressPrinter progress,
      Duration timeout)
      throws TimeoutException {
    Set<String> seeds = new LinkedHashSet<>();
    ProduceListener recordSeeds =
        new ProduceListener() {
          @Override
          public void rejected(Rejection rejection) {
            listener.rejected(rejection);
          }

          @Override
          public void duplicate(long lineNumber, String line, String url) {
            listener.duplicate(lineNumber, line, url);
          }

          @Override
          public void accepted(long lineNumber, String line, FetchRequest request) {
            seeds.add(request.getUrl());
            listener.accepted(lineNumber, line, request);
          }
        };
    long start = System.nanoTime();
    ProduceSummary published;
    try (UrlProducer producer = new UrlProducer(fleet.kafka(), PublishSettings.defaults())) {
      published = producer.publish(source, crawl, recordSeeds);
    }
    if (!published.completed()) {
      throw new IllegalStateException(
          "could not publish the URLs: " + published.failure().orElse("a send failed"));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (CrawlMonitor monitor = new CrawlMonitor(fleet.kafka(), crawl, seeds)) {
      long[] failed = {0};
      Consumer<Outcome> counting =
          outcome -> {
            if (outcome.outcome() == FinalOutcome.FAILED) {
              failed[0]++;
            }
            sink.accept(outcome);
          };
      while (!monitor.complete()) {
        if (System.nanoTime() > deadline) {
          progress.finish();
          throw new TimeoutException(
              String.format(
                  "crawl %s not complete after %s: %,d of %,d URLs have an outcome",
                  crawl.crawlId(), timeout, monitor.outcomeCount(), monitor.expectedCount()));
        }
        monitor.poll(Duration.ofMillis(200), counting);
        progress.maybePrint(monitor.outcomeCount(), monitor.expectedCount(), failed[0]);
      }
      progress.finish();
      return new Result(
          published,
          monitor.expectedCount(),
          monitor.outcomeCount(),
          monitor.duplicateOutcomes(),
          failed[0],
          (System.nanoTime() - start) / 1e9,
          List.copyOf(monitor.domainStats()));
    }
  }
}
