package dev.trawl.local;

import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.ProduceListener;
import dev.trawl.producer.ProduceSummary;
import dev.trawl.producer.PublishSettings;
import dev.trawl.producer.Rejection;
import dev.trawl.producer.UrlProducer;
import dev.trawl.producer.UrlSource;
import dev.trawl.runtime.crawl.FingerprintSet;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FinalOutcome;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One crawl on a {@link LocalFleet}: publishes the seeds, follows the output topics until every URL
 * (seeds and followed links) has its final outcome, and reports progress on the way. A worker that
 * dies, a crawl that stalls, or one that outlives its time ends the run with a {@link
 * CrawlIncomplete} saying why and how many URLs have no outcome.
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

  /**
   * How long a crawl may take in all, and how long it may go without progress while the fetch
   * worker has nothing in flight or waiting.
   */
  record Limits(Duration timeout, Duration stallTimeout) {}

  private static final Duration POLL = Duration.ofMillis(200);

  private CrawlRun() {}

  /**
   * Runs the crawl of {@code source} and returns when it is complete.
   *
   * @param listener hears about each input line as it is published (rejections, accepted URLs)
   * @param sink receives each URL's first final outcome, on the calling thread
   * @throws CrawlIncomplete when the URLs cannot be published, a worker dies, the crawl stalls, or
   *     it is not complete within the timeout
   */
  static Result execute(
      LocalFleet fleet,
      UrlSource source,
      CrawlSpec crawl,
      ProduceListener listener,
      Consumer<Outcome> sink,
      ProgressPrinter progress,
      Limits limits)
      throws CrawlIncomplete {
    FingerprintSet seeds = new FingerprintSet();
    long start = System.nanoTime();
    ProduceSummary published;
    try (UrlProducer producer = new UrlProducer(fleet.kafka(), PublishSettings.defaults())) {
      published = producer.publish(source, crawl, recordingSeeds(listener, seeds));
    }
    if (!published.completed()) {
      throw new CrawlIncomplete(
          "could not publish the URLs: " + published.failure().orElse("a send failed"));
    }
    long deadline = System.nanoTime() + limits.timeout().toNanos();
    FleetWatch watch = new FleetWatch(fleet.watched(), limits.stallTimeout(), System::nanoTime);
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
        Optional<String> problem = watch.problem(monitor.progress());
        if (problem.isEmpty() && System.nanoTime() > deadline) {
          problem = Optional.of("not complete after " + limits.timeout().toMinutes() + " min");
        }
        if (problem.isPresent()) {
          progress.finish();
          throw incomplete(crawl, problem.get(), monitor);
        }
        monitor.poll(POLL, counting);
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

  private static CrawlIncomplete incomplete(CrawlSpec crawl, String why, CrawlMonitor monitor) {
    return new CrawlIncomplete(
        String.format(
            "crawl %s cannot complete: %s; %,d of %,d URLs have no outcome",
            crawl.crawlId(), why, monitor.missingCount(), monitor.expectedCount()));
  }

  /** {@code listener}, and every accepted URL added to {@code seeds}. */
  private static ProduceListener recordingSeeds(ProduceListener listener, FingerprintSet seeds) {
    return new ProduceListener() {
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
  }
}
