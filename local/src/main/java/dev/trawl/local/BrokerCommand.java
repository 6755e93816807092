package dev.trawl.local;

import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.PageLimits;
import dev.trawl.runtime.Shutdown;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.runtime.config.CommandOptions;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trawl broker}: runs just the embedded broker, so each role can run as its own process. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    modelTransformer = BrokerCommand.Options.class,
    description = {
      "Runs a single-node Kafka broker (KRaft) in this process, creates Trawl's topics, prints its"
          + " bootstrap address and serves until Ctrl-C or SIGTERM.",
      "Then, in other terminals: trawl process-worker, trawl fetch-worker, trawl produce"
          + " --bootstrap-servers <address>."
    })
final class BrokerCommand implements Callable<Integer> {

  static final Setting<Path> DATA_DIR =
      Setting.of("broker.data.dir", "--data-dir", ValueType.PATH)
          .defaultValue(Path.of("data", "broker"))
          .label("DIR")
          .doc("Where the broker keeps its logs; reused on restart.");

  static final Setting<Integer> PORT =
      Setting.of("broker.port", "--port", ValueType.INT)
          .defaultValue(9092)
          .atLeast(0)
          .atMost(65535)
          .label("PORT")
          .doc("Client port on 127.0.0.1; 0 picks a free one.");

  static final List<Setting<?>> SETTINGS =
      List.of(DATA_DIR, PORT, TopicSetup.PARTITIONS, PageLimits.CONTENT_LIMIT_BYTES);

  /** Adds {@link #SETTINGS} to the command as options. */
  static final class Options extends CommandOptions {
    Options() {
      super(SETTINGS);
    }
  }

  @Spec CommandSpec spec;

  private final Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws Exception {
    Config config = CommandOptions.read(spec, SETTINGS, env);
    Path dataDir = config.get(DATA_DIR);
    CountDownLatch stop = new CountDownLatch(1);
    try (EmbeddedKafka broker = EmbeddedKafka.start(dataDir, config.get(PORT))) {
      Shutdown shutdown = Shutdown.onSignal("broker", stop::countDown, 30_000);
      try (Admin admin = Admin.create(KafkaSettings.of(broker.bootstrapServers()).admin())) {
        TopicSetup.ensureTopics(
            admin,
            config.get(TopicSetup.PARTITIONS),
            (short) 1,
            config.get(PageLimits.CONTENT_LIMIT_BYTES));
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
