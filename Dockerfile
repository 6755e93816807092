# syntax=docker/dockerfile:1
# The trawl worker image: the production CLI (cli/: every role, no embedded broker, no demo site).
# The command picks the role:
#   docker run --rm trawl fetch-worker --bootstrap-servers kafka:9092
#   docker run --rm -i trawl produce --bootstrap-servers kafka:9092 < urls.txt
# Every option can also come from its TRAWL_* environment variable (see `trawl <command> --help`).

# ---- build: the CLI jar and its runtime libraries ---------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds (BuildKit); tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -Dcheckstyle.skip=true package -pl cli -am \
 && mkdir -p /out/lib \
 && cp cli/target/trawl-cli.jar /out/trawl.jar \
 && cp cli/target/lib/*.jar /out/lib/

# ---- runtime: a JRE, the thin jar and lib/ next to it (the jar's manifest names lib/*.jar) ----
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 trawl \
 && useradd --system --uid 10001 --gid trawl --home-dir /app --shell /usr/sbin/nologin trawl
# The process worker's state directory: a named volume mounted here starts with this owner.
RUN mkdir -p /var/lib/trawl/state && chown -R 10001:10001 /var/lib/trawl
WORKDIR /app
COPY --from=build /out/lib/ /app/lib/
COPY --from=build /out/trawl.jar /app/trawl.jar
# A numeric user, so that Kubernetes can check runAsNonRoot without reading /etc/passwd.
USER 10001:10001
# Admin endpoints (/health/live, /health/ready, /metrics) when TRAWL_ADMIN_PORT=8080.
EXPOSE 8080
# Heap follows the container's memory limit; 70% leaves room for metaspace, threads, direct
# buffers and (process-worker) RocksDB. A JVM out of memory exits, so the orchestrator restarts it.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC", "-jar", "/app/trawl.jar"]
CMD ["--help"]
