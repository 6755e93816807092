# syntax=docker/dockerfile:1
# The trawl worker image: the production CLI (cli/: produce, intake, fetch-worker,
# process-worker, tail, config), its runtime libraries and a JRE; no embedded broker, demo site,
# Scala or build tools. The command picks the role:
#   docker run --rm trawl:0.1.0 fetch-worker --bootstrap-servers kafka:9092
# Every option can also come from its TRAWL_* environment variable (see `trawl <command> --help`).
#
# Reproducible: base images pinned to exact versions (add @sha256:<digest> for byte-for-byte
# builds), jar entries and file times fixed to SOURCE_DATE_EPOCH. Build and push (README):
#   docker buildx build --build-arg SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) \
#     --output type=image,name=registry.example.com/trawl/trawl:0.1.0,rewrite-timestamp=true,push=true .
ARG BUILD_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.15_6-jre-noble

# ---- build: the CLI jar and its runtime libraries ---------------------------------------------
FROM ${BUILD_IMAGE} AS build
ARG SOURCE_DATE_EPOCH=0
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds (BuildKit); tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -Dspotless.check.skip=true -Dcheckstyle.skip=true \
      -Dproject.build.outputTimestamp="${SOURCE_DATE_EPOCH}" package -pl cli -am \
 && mkdir -p /out/lib \
 && cp cli/target/trawl-cli.jar /out/trawl.jar \
 && cp cli/target/lib/*.jar /out/lib/ \
 && mkdir -p /out/state \
 && find /out -exec touch -h -d "@${SOURCE_DATE_EPOCH}" {} +

# ---- runtime: a JRE, the thin jar and lib/ next to it (the jar's manifest names lib/*.jar) ----
FROM ${RUNTIME_IMAGE}
# The user the workers run as, written without useradd (whose files carry the build date).
RUN echo 'trawl:x:10001:10001::/app:/usr/sbin/nologin' >> /etc/passwd \
 && echo 'trawl:x:10001:' >> /etc/group
WORKDIR /app
COPY --from=build /out/lib/ /app/lib/
COPY --from=build /out/trawl.jar /app/trawl.jar
# The process worker's state directory: a named volume mounted here starts with this owner.
COPY --from=build --chown=10001:10001 /out/state/ /var/lib/trawl/state/
# A numeric user, so that Kubernetes can check runAsNonRoot without reading /etc/passwd.
USER 10001:10001
# RocksDB (the process worker's state stores) allocates from many threads: glibc's default of 8
# arenas per core fragments that memory so RSS drifts up; 2 keeps it flat (bench/run faults.Soak).
ENV MALLOC_ARENA_MAX=2
# Admin endpoints (/health/live, /health/ready, /metrics) when TRAWL_ADMIN_PORT=8080.
EXPOSE 8080
# Heap: 70% of the container's memory limit, unless JDK_JAVA_OPTIONS sets -Xmx (the process
# worker does: limit = heap + RocksDB budget + headroom, see README). A JVM out of memory exits,
# so the orchestrator restarts it.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC", "-jar", "/app/trawl.jar"]
CMD ["--help"]
