package dev.trawl.bench.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a run got going, read from the progress lines {@code ./trawl run} prints every few seconds
 * ({@code [ 10.1s] done 74/20,000 ...}): when the first outcome had arrived, and the rate between
 * the lines that passed 10% and 90% of the outcomes, which leaves out start-up, warm-up and the
 * tail. A rate far above the whole command's says the run spent its time getting going. The closing
 * line ({@code 20,000 URLs (...) crawled in 30.0 s}, on the progress lines' clock) counts as the
 * last point, so a run that ends before a progress line passes 90% still has a rate: up to its end.
 *
 * @param firstOutcomeSeconds the time of the first progress line with an outcome, or NaN
 * @param middleRate outcomes per second from the first line past 10% to the first past 90%, or NaN
 */
record Warmup(double firstOutcomeSeconds, double middleRate) {

  private static final Pattern PROGRESS =
      Pattern.compile("^\\[\\s*([0-9.]+)s\\] done ([0-9,]+)/([0-9,]+)");

  private static final Pattern END =
      Pattern.compile("^([0-9,]+) URLs \\(.* crawled in ([0-9.]+) s");

  static Warmup of(Path runLog) throws IOException {
    List<double[]> points = new ArrayList<>();
    double total = Double.NaN;
    for (String line : Files.readAllLines(runLog, StandardCharsets.UTF_8)) {
      Matcher m = PROGRESS.matcher(line);
      if (m.find()) {
        points.add(new double[] {Double.parseDouble(m.group(1)), number(m.group(2))});
        total = number(m.group(3));
      }
      Matcher end = END.matcher(line);
      if (end.find()) {
        points.add(new double[] {Double.parseDouble(end.group(2)), number(end.group(1))});
      }
    }
    double first = Double.NaN;
    double[] tenth = null;
    double[] ninetieth = null;
    for (double[] point : points) {
      if (Double.isNaN(first) && point[1] > 0) {
        first = point[0];
      }
      if (tenth == null && point[1] >= 0.1 * total) {
        tenth = point;
      }
      if (ninetieth == null && point[1] >= 0.9 * total) {
        ninetieth = point;
      }
    }
    double rate =
        tenth == null || ninetieth == null || ninetieth[0] <= tenth[0]
            ? Double.NaN
            : (ninetieth[1] - tenth[1]) / (ninetieth[0] - tenth[0]);
    return new Warmup(first, rate);
  }

  private static double number(String digits) {
    return Double.parseDouble(digits.replace(",", ""));
  }
}
