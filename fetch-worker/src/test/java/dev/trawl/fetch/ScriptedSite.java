package dev.trawl.fetch;

import dev.trawl.embedded.testing.LoopbackServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A web site for tests whose answers are scripted per path, served by Jetty on 127.0.0.1,
 * 127.0.0.2, ... (one connector per host, each on its own free port), recording every request.
 * Paths without a script answer 404.
 */
public final class ScriptedSite implements AutoCloseable {

  /** One request the site received. */
  public record Hit(int host, String path, long nanos, String authorization) {}

  /** The answer to a request; {@code nth} counts the requests of this host and path from 1. */
  @FunctionalInterface
  public interface Script {
    Answer answer(int host, int nth);
  }

  /** A response: status, body and headers as name-value pairs, sent after a delay (ms). */
  public record Answer(int status, String body, long delayMillis, String... headers) {

    /** An answer sent at once. */
    public Answer(int status, String body, String... headers) {
      this(status, body, 0, headers);
    }
  }

  private final LoopbackServer server;
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final List<Hit> hits = new CopyOnWriteArrayList<>();

  public ScriptedSite(int hosts) {
    server = new LoopbackServer(hosts, new ScriptHandler());
  }

  /**
   * Answers requests of {@code path} (on every host) with {@code script}; a path ending in {@code
   * /} answers every path under it that has no script of its own.
   */
  public ScriptedSite on(String path, Script script) {
    scripts.put(path, script);
    return this;
  }

  /** Answers requests of {@code path} always the same way. */
  public ScriptedSite on(String path, int status, String body, String... headers) {
    Answer answer = new Answer(status, body, headers);
    return on(path, (host, nth) -> answer);
  }

  /** The URL of {@code path} on host {@code host} (1-based). */
  public String url(int host, String path) {
    return server.url(host, path);
  }

  /** Requests received for {@code path} on {@code host}, in order. */
  public List<Hit> hits(int host, String path) {
    return hits.stream().filter(h -> h.host() == host && h.path().equals(path)).toList();
  }

  @Override
  public void close() throws Exception {
    server.close();
  }

  private Script scriptOf(String path) {
    Script exact = scripts.get(path);
    if (exact != null) {
      return exact;
    }
    for (int slash = path.lastIndexOf('/'); slash >= 0; slash = path.lastIndexOf('/', slash - 1)) {
      Script under = scripts.get(path.substring(0, slash + 1));
      if (under != null) {
        return under;
      }
      if (slash == 0) {
        break;
      }
    }
    return null;
  }

  private final class ScriptHandler extends Handler.Abstract {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      int host = Integer.parseInt(Request.getLocalAddr(request).substring("127.0.0.".length()));
      hits.add(
          new Hit(
              host, path, System.nanoTime(), request.getHeaders().get(HttpHeader.AUTHORIZATION)));
      Script script = scriptOf(path);
      int nth = hits(host, path).size();
      Answer answer = script == null ? new Answer(404, "none") : script.answer(host, nth);
      if (answer.delayMillis() > 0) {
        // Later, on Jetty's scheduler: no thread is held meanwhile.
        request
            .getComponents()
            .getScheduler()
            .schedule(
                () -> send(answer, response, callback),
                answer.delayMillis(),
                TimeUnit.MILLISECONDS);
      } else {
        send(answer, response, callback);
      }
      return true;
    }

    private void send(Answer answer, Response response, Callback callback) {
      response.setStatus(answer.status());
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      for (int i = 0; i + 1 < answer.headers().length; i += 2) {
        response.getHeaders().put(answer.headers()[i], answer.headers()[i + 1]);
      }
      response.write(
          true, ByteBuffer.wrap(answer.body().getBytes(StandardCharsets.UTF_8)), callback);
    }
  }
}
