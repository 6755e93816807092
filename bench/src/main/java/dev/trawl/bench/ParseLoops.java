package dev.trawl.bench;

import dev.trawl.process.Extraction;
import dev.trawl.process.PageParser;
import dev.trawl.schemas.FetchResult;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/** The process benchmark's references: a raw jsoup loop, and Trawl's parser without Kafka. */
final class ParseLoops {

  private ParseLoops() {}

  /**
   * Pages/s of one measurement, the CPU time of the whole JVM per page during it, and of the
   * worker's stream threads alone (NaN for a loop without them).
   */
  record Rate(double perSecond, double cpuMsPerPage, double streamCpuMsPerPage) {

    static Rate of(long pages, long nanos, long cpuNanos) {
      return new Rate(pages / (nanos / 1e9), cpuNanos / 1e6 / pages, Double.NaN);
    }

    /** This rate with the stream threads' CPU time, {@code streamNanos} over {@code pages}. */
    Rate withStream(long pages, long streamNanos) {
      return new Rate(perSecond, cpuMsPerPage, streamNanos / 1e6 / pages);
    }
  }

  /** CPU time of this JVM so far, all threads (GC and the in-process broker included). */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Pages/s of a plain jsoup loop over the corpus split across {@code threads} threads. */
  static Rate rawLoop(List<FetchResult> corpus, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      long cpuStart = cpuNanos();
      List<Future<Long>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        parts.add(
            pool.submit(
                () -> {
                  long sink = 0;
                  for (int i = first; i < corpus.size(); i += threads) {
                    sink += extract(corpus.get(i));
                  }
                  return sink;
                }));
      }
      long sink = 0;
      for (Future<Long> part : parts) {
        sink += part.get();
      }
      long nanos = System.nanoTime() - start;
      long cpu = cpuNanos() - cpuStart;
      if (sink == 42) {
        System.err.println("(unlikely)");
      }
      return Rate.of(corpus.size(), nanos, cpu);
    } finally {
      pool.shutdown();
    }
  }

  /** Pages/s of Trawl's {@link PageParser} alone (no Kafka) over the corpus, one thread. */
  static Rate parserLoop(List<FetchResult> corpus) {
    return parserLoop(corpus, Extraction.NONE);
  }

  /** Pages/s of the parser with a crawl's {@code extraction} over the corpus, one thread. */
  static Rate parserLoop(List<FetchResult> corpus, Extraction extraction) {
    PageParser parser = new PageParser();
    long start = System.nanoTime();
    long cpuStart = cpuNanos();
    long sink = 0;
    for (FetchResult result : corpus) {
      sink += parser.parse(result, extraction).getWordCount();
    }
    long nanos = System.nanoTime() - start;
    long cpu = cpuNanos() - cpuStart;
    if (sink == 42) {
      System.err.println("(unlikely)");
    }
    return Rate.of(corpus.size(), nanos, cpu);
  }

  /** The raw loop's work on one page: what the process worker extracts, nothing more. */
  private static long extract(FetchResult result) throws Exception {
    ByteBuffer body = result.getBody().duplicate();
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    org.jsoup.nodes.Document html =
        Jsoup.parse(new ByteArrayInputStream(bytes), null, result.getFinalUrl());
    long sink = html.title().length();
    Element description = html.selectFirst("meta[name=description]");
    sink += description == null ? 0 : description.attr("content").length();
    sink += html.selectFirst("html").attr("lang").length();
    Element canonical = html.selectFirst("link[rel=canonical][href]");
    sink += canonical == null ? 0 : canonical.absUrl("href").length();
    String text = html.body().text();
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        sink++;
      }
      inWord = !space;
    }
    for (Element a : html.select("a[href]")) {
      sink += a.absUrl("href").length();
    }
    return sink;
  }
}
