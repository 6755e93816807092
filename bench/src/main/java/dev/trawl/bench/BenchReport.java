package dev.trawl.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects repeated measurements and prints them as a Markdown table of medians, each with its
 * ratio to a reference or a limit measured in the same run.
 */
public final class BenchReport {

  private final String title;
  private final List<String[]> rows = new ArrayList<>();
  private final String[] header;

  public BenchReport(String title, String... header) {
    this.title = title;
    this.header = header;
  }

  /** Adds a row of already formatted cells. */
  public void row(String... cells) {
    rows.add(cells);
  }

  /** The median of {@code samples} (the mean of the two middle ones for an even count). */
  public static double median(double... samples) {
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Prints the table to standard output. */
  public void print() {
    StringBuilder out = new StringBuilder("\n### ").append(title).append("\n\n");
    out.append("| ").append(String.join(" | ", header)).append(" |\n");
    out.append("|").append(" --- |".repeat(header.length)).append("\n");
    for (String[] row : rows) {
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    System.out.print(out);
    System.out.flush();
  }
}
