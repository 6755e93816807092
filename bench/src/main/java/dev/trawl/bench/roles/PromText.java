package dev.trawl.bench.roles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A scrape of /metrics (Prometheus text format): its samples, summed by name and labels. */
public final class PromText {

  /** One sample line: a metric name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final String text;
  private final List<Sample> samples;

  private PromText(String text, List<Sample> samples) {
    this.text = text;
    this.samples = List.copyOf(samples);
  }

  /** The scrape as it was read. */
  public String text() {
    return text;
  }

  /** The samples of {@code text}; comment lines and lines that do not parse are left out. */
  public static PromText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Sample sample = sample(line.strip());
      if (sample != null) {
        samples.add(sample);
      }
    }
    return new PromText(text, samples);
  }

  /** True when the scrape held no sample (the role did not answer). */
  public boolean isEmpty() {
    return samples.isEmpty();
  }

  /** The sum of every sample named {@code name}; 0 when there is none. */
  public double sum(String name) {
    return samples.stream().filter(s -> s.name.equals(name)).mapToDouble(Sample::value).sum();
  }

  /** The samples named {@code name}, in the order of the scrape. */
  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name.equals(name)).toList();
  }

  /** The sum of the samples named {@code name} whose label {@code label} is {@code value}. */
  public double sum(String name, String label, String value) {
    return samples.stream()
        .filter(s -> s.name.equals(name) && value.equals(s.labels.get(label)))
        .mapToDouble(Sample::value)
        .sum();
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    if (space < 0) {
      return null;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int close = line.lastIndexOf('}');
      for (String pair : line.substring(brace + 1, close).split(",(?=[a-zA-Z_]+=\")")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          labels.put(pair.substring(0, equals), pair.substring(equals + 2, pair.length() - 1));
        }
      }
    } else {
      name = line.substring(0, space);
    }
    try {
      return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
