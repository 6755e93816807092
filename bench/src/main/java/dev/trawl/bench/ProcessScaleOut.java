package dev.trawl.bench;

import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.process.ProcessWorkerCommand;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.Topics;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A second process worker joins a running one: both in JVMs of their own (the {@code
 * process-worker} command, one stream thread each) on an embedded broker in this JVM, over {@code
 * PAGES} pages of ~38 KB from 48 hosts, as many in each of the 6 partitions of trawl.pages. The
 * first worker starts alone; once it has documented a third of the pages the second starts. The run
 * checks what the issue asks: every page has exactly one committed Document (nothing lost, nothing
 * repeated, read as a downstream consumer reads: read_committed), and the second worker ends up
 * holding half of trawl.pages' partitions. It prints when the second worker got its first partition
 * and its half, and the documents per second of one worker and of both.
 *
 * <p>Usage: {@code bench/run ProcessScaleOut [PAGES]} (default 12,000). Exits 1 when a page has no
 * Document or more than one, or the partitions are not shared half and half.
 */
public final class ProcessScaleOut {

  private static final int PARTITIONS = 6;
  private static final String APPLICATION_ID = "scale-out";
  private static final Duration TIMEOUT = Duration.ofMinutes(20);

  private final KafkaSettings settings;
  private final Map<String, Integer> documents = new HashMap<>();
  private final KafkaConsumer<String, Document> reader;

  private ProcessScaleOut(KafkaSettings settings) {
    this.settings = settings;
    this.reader =
        new KafkaConsumer<>(
            settings.consumer("scale-out-reader"),
            Topics.DOCUMENTS.keySerde().deserializer(),
            Topics.DOCUMENTS.valueSerde().deserializer());
    reader.subscribe(List.of(Topics.DOCUMENTS.name()));
  }

  public static void main(String[] args) throws Exception {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 12_000;
    List<FetchResult> corpus = PageCorpus.fetch(pages, PARTITIONS);
    boolean ok;
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
      try (Admin admin = Admin.create(settings.admin())) {
        TopicSetup.ensureTopics(admin, PARTITIONS, (short) 1, 2 * 1024 * 1024);
      }
      PageCorpus.load(settings, corpus);
      ok = new ProcessScaleOut(settings).run(kafka.bootstrapServers(), pages);
    }
    System.exit(ok ? 0 : 1);
  }

  private boolean run(String bootstrap, int pages) throws Exception {
    List<Process> workers = new ArrayList<>();
    try (Admin admin = Admin.create(settings.admin())) {
      long start = System.nanoTime();
      workers.add(startWorker(bootstrap, "first"));
      long deadline = start + TIMEOUT.toNanos();
      readUntil(pages / 3, workers, deadline);
      double alone = (System.nanoTime() - start) / 1e9;
      int aloneCount = documents.size();
      long joined = System.nanoTime();
      workers.add(startWorker(bootstrap, "second"));
      double firstPartition = Double.NaN;
      double half = Double.NaN;
      while (documents.size() < pages) {
        read(workers, deadline);
        Map<String, Integer> owned = pagePartitionsByMember(admin);
        double since = (System.nanoTime() - joined) / 1e9;
        if (owned.size() == 2 && Double.isNaN(firstPartition)) {
          firstPartition = since;
        }
        if (owned.size() == 2 && owned.values().stream().allMatch(n -> n == PARTITIONS / 2)) {
          half = Double.isNaN(half) ? since : half;
        }
      }
      double both = (System.nanoTime() - joined) / 1e9;
      // Anything still in flight would show as a second Document: read on for a while.
      long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < settle) {
        read(workers, deadline);
      }
      Map<String, Integer> owned = pagePartitionsByMember(admin);
      return report(pages, aloneCount / alone, (pages - aloneCount) / both, firstPartition, half)
          & check(pages, owned);
    } finally {
      for (Process worker : workers) {
        worker.destroy();
        if (!worker.waitFor(60, TimeUnit.SECONDS)) {
          worker.destroyForcibly();
        }
      }
      reader.close();
    }
  }

  private boolean report(
      int pages, double aloneRate, double bothRate, double firstPartition, double half) {
    BenchReport report =
        new BenchReport(
            String.format(
                Locale.ROOT,
                "A second process worker (own JVM, 1 stream thread) joins one that has documented a"
                    + " third of %,d pages; %d partitions",
                pages,
                PARTITIONS),
            "documents/s, one worker",
            "documents/s after the join",
            "s to its first partition",
            "s to half the partitions");
    report.row(
        String.format(Locale.ROOT, "%.0f", aloneRate),
        String.format(Locale.ROOT, "%.0f", bothRate),
        Double.isNaN(firstPartition) ? "never" : String.format(Locale.ROOT, "%.1f", firstPartition),
        Double.isNaN(half) ? "never" : String.format(Locale.ROOT, "%.1f", half));
    report.print();
    return true;
  }

  /** Every page exactly one Document, and the partitions shared half and half at the end. */
  private boolean check(int pages, Map<String, Integer> owned) {
    long repeated = documents.values().stream().filter(n -> n > 1).count();
    System.out.printf(
        Locale.ROOT,
        "%nPages: %,d; with a Document: %,d; with more than one: %,d."
            + " trawl.pages partitions per worker at the end: %s%n",
        pages,
        documents.size(),
        repeated,
        owned.values());
    boolean shared =
        owned.size() == 2 && owned.values().stream().allMatch(n -> n == PARTITIONS / 2);
    boolean ok = documents.size() == pages && repeated == 0 && shared;
    System.out.println(ok ? "OK" : "FAILED");
    return ok;
  }

  private void readUntil(int count, List<Process> workers, long deadline) throws Exception {
    while (documents.size() < count) {
      read(workers, deadline);
    }
  }

  private void read(List<Process> workers, long deadline) {
    for (ConsumerRecord<String, Document> record : reader.poll(Duration.ofMillis(200))) {
      documents.merge(record.value().getUrl(), 1, Integer::sum);
    }
    for (Process worker : workers) {
      if (!worker.isAlive()) {
        throw new IllegalStateException("a process worker exited with " + worker.exitValue());
      }
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("not done within " + TIMEOUT.toMinutes() + " minutes");
    }
  }

  /** trawl.pages partitions assigned to each member of the Streams application's group. */
  private static Map<String, Integer> pagePartitionsByMember(Admin admin) throws Exception {
    ConsumerGroupDescription group =
        admin
            .describeConsumerGroups(List.of(APPLICATION_ID))
            .describedGroups()
            .get(APPLICATION_ID)
            .get(30, TimeUnit.SECONDS);
    Map<String, Integer> owned = new TreeMap<>();
    for (MemberDescription member : group.members()) {
      int count = 0;
      for (TopicPartition partition : member.assignment().topicPartitions()) {
        count += partition.topic().equals(Topics.PAGES.name()) ? 1 : 0;
      }
      if (count > 0) {
        owned.put(member.clientId(), count);
      }
    }
    return owned;
  }

  private static Process startWorker(String bootstrap, String name) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(ProcessWorkerCommand.class.getName());
    command.add("--bootstrap-servers=" + bootstrap);
    command.add("--application-id=" + APPLICATION_ID);
    command.add("--threads=1");
    command.add("--admin-port=-1");
    command.add("--state-dir=" + Files.createTempDirectory("scale-out-" + name));
    File log = Files.createTempFile("scale-out-" + name, ".log").toFile();
    System.err.printf("%s process worker, log %s%n", name, log);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
        .start();
  }
}
