package dev.trawl.local;

import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.runtime.Shutdown;
import dev.trawl.runtime.TopicSetup;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trawl broker}: runs just the embedded broker, so each role can run as its own process. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a single-node Kafka broker (KRaft) in this process, creates Trawl's topics, prints its"
          + " bootstrap address and serves until Ctrl-C or SIGTERM.",
      "Then, in other terminals: trawl process-worker, trawl fetch-worker, trawl produce"
          + " --bootstrap-servers <address>."
    })
final class BrokerCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "${env:TRAWL_BROKER_DATA_DIR:-data/broker}",
      description =
          "Where the broker keeps its logs; reused on restart (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "${env:TRAWL_BROKER_PORT:-9092}",
      description = "Client port on 127.0.0.1; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--partitions",
      defaultValue = "${env:TRAWL_TOPIC_PARTITIONS:-6}",
      description = "Partitions of each Trawl topic created (default ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    try (EmbeddedKafka broker = EmbeddedKafka.start(dataDir, port)) {
      Shutdown shutdown = Shutdown.onSignal("broker", stop::countDown, 30_000);
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        TopicSetup.ensureTopics(admin, partitions, (short) 1, LocalDefaults.CONTENT_LIMIT_BYTES);
      }
      System.out.println("Kafka broker ready at " + broker.bootstrapServers());
      System.out.println("  data: " + dataDir.toAbsolutePath());
      System.out.println("  try:  export TRAWL_BOOTSTRAP_SERVERS=" + broker.bootstrapServers());
      stop.await();
      broker.close();
      shutdown.finished();
    }
    return 0;
  }
}
